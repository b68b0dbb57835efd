package hpa

import (
	"flag"
	"math"
	"slices"
	"testing"

	autoscalingv2 "k8s.io/api/autoscaling/v2"
	"k8s.io/apimachinery/pkg/api/resource"
)

// -update is accepted so `make golden` can run every package; none here.
var _ = flag.Bool("update", false, "rewrite golden files (none in this package)")

// run syncs every 15 s with all pods instantly ready, applying each result,
// and returns the replica counts after each sync.
func run(c *Controller, start int32, readings func(t int64, current int32) []float64, syncs int) []int32 {
	current := start
	out := []int32{current}
	for i := 1; i <= syncs; i++ {
		now := int64(i * SyncPeriod)
		current = c.Sync(now, current, Pods{Ready: current}, readings(now, current))
		out = append(out, current)
	}
	return out
}

func huge(int64, int32) []float64 { return []float64{1e9} }

func external(target float64) []Metric {
	return []Metric{{Name: "s0-kafka", Kind: ExternalAverage, Target: target}}
}

func TestScaleUpSequences(t *testing.T) {
	policy := func(sel autoscalingv2.ScalingPolicySelect, pols ...autoscalingv2.HPAScalingPolicy) *autoscalingv2.HorizontalPodAutoscalerBehavior {
		return &autoscalingv2.HorizontalPodAutoscalerBehavior{ScaleUp: &autoscalingv2.HPAScalingRules{SelectPolicy: &sel, Policies: pols}}
	}
	pods := func(v, period int32) autoscalingv2.HPAScalingPolicy {
		return autoscalingv2.HPAScalingPolicy{Type: autoscalingv2.PodsScalingPolicy, Value: v, PeriodSeconds: period}
	}
	pct := func(v, period int32) autoscalingv2.HPAScalingPolicy {
		return autoscalingv2.HPAScalingPolicy{Type: autoscalingv2.PercentScalingPolicy, Value: v, PeriodSeconds: period}
	}
	tests := []struct {
		name     string
		behavior *autoscalingv2.HorizontalPodAutoscalerBehavior
		start    int32
		want     []int32
	}{
		{"no behavior: max(2×current, 4) per sync", nil, 1, []int32{1, 4, 8, 16, 32, 64}},
		{"default behavior: max(4 pods, 100%) per 15 s", &autoscalingv2.HorizontalPodAutoscalerBehavior{}, 1, []int32{1, 5, 10, 20, 40, 80}},
		{"1 pod per minute", policy(autoscalingv2.MaxChangePolicySelect, pods(1, 60)), 1, []int32{1, 2, 2, 2, 2, 3, 3, 3, 3, 4}},
		{"selectPolicy Min takes the smaller change", policy(autoscalingv2.MinChangePolicySelect, pods(4, 15), pct(100, 15)), 1, []int32{1, 2, 4, 8, 12, 16}},
		{"selectPolicy Disabled never scales up", policy(autoscalingv2.DisabledPolicySelect, pods(4, 15)), 3, []int32{3, 3, 3}},
		{"max replicas caps", nil, 40, []int32{40, 80, 100, 100}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := New(Spec{Min: 1, Max: 100, Metrics: external(1), Behavior: tt.behavior}, DefaultSettings())
			got := run(c, tt.start, huge, len(tt.want)-1)
			if !slices.Equal(got, tt.want) {
				t.Errorf("replicas %v, want %v", got, tt.want)
			}
		})
	}
}

func TestUpStabilizationWindow(t *testing.T) {
	w := int32(30)
	b := &autoscalingv2.HorizontalPodAutoscalerBehavior{ScaleUp: &autoscalingv2.HPAScalingRules{StabilizationWindowSeconds: &w}}
	c := New(Spec{Min: 1, Max: 100, Metrics: external(1), Behavior: b}, DefaultSettings())
	// Load jumps to 8 at once: the lowest recommendation of the last 30 s
	// (the initial 2) holds the count; then it moves, 4 pods per 15 s.
	got := run(c, 2, func(int64, int32) []float64 { return []float64{8} }, 4)
	if want := []int32{2, 2, 2, 6, 8}; !slices.Equal(got, want) {
		t.Errorf("replicas %v, want %v", got, want)
	}
}

func TestTolerance(t *testing.T) {
	tests := []struct {
		name  string
		tol   float64 // --horizontal-pod-autoscaler-tolerance
		ratio float64
		want  int32
	}{
		{"1.09 holds", 0.1, 1.09, 10},
		{"1.11 moves", 0.1, 1.11, 12}, // ceil(1.11 × 10) in float64, as the controller computes it
		{"0.91 holds", 0.1, 0.91, 10},
		{"0.89 moves", 0.1, 0.89, 9},
		{"controller tolerance 0.2 holds 1.15", 0.2, 1.15, 10},
		{"controller tolerance 0 moves at 1.05", 0, 1.05, 11},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := DefaultSettings()
			set.Tolerance = tt.tol
			c := New(Spec{Min: 1, Max: 100, Metrics: []Metric{{Kind: ObjectValue, Target: 100}}, Behavior: &autoscalingv2.HorizontalPodAutoscalerBehavior{}}, set)
			// Up only, so the down window does not hold the count.
			got := c.Sync(0, 10, Pods{Ready: 10}, []float64{100 * tt.ratio})
			if tt.ratio < 1 {
				zero := int32(0)
				c = New(Spec{Min: 1, Max: 100, Metrics: []Metric{{Kind: ObjectValue, Target: 100}},
					Behavior: &autoscalingv2.HorizontalPodAutoscalerBehavior{ScaleDown: &autoscalingv2.HPAScalingRules{StabilizationWindowSeconds: &zero}}}, set)
				c.Sync(0, 10, Pods{Ready: 10}, []float64{100})
				got = c.Sync(15, 10, Pods{Ready: 10}, []float64{100 * tt.ratio})
			}
			if got != tt.want {
				t.Errorf("ratio %g: %d replicas, want %d", tt.ratio, got, tt.want)
			}
		})
	}
}

func TestBehaviorTolerance(t *testing.T) {
	q := resource.MustParse("0.05")
	b := &autoscalingv2.HorizontalPodAutoscalerBehavior{ScaleUp: &autoscalingv2.HPAScalingRules{Tolerance: &q}}
	c := New(Spec{Min: 1, Max: 100, Metrics: []Metric{{Kind: ObjectValue, Target: 100}}, Behavior: b}, DefaultSettings())
	if got := c.Sync(0, 10, Pods{Ready: 10}, []float64{108}); got != 11 {
		t.Errorf("scaleUp.tolerance 0.05 at ratio 1.08: %d, want 11", got)
	}
}

func TestScaleDown(t *testing.T) {
	low := func(now int64, _ int32) []float64 {
		if now <= 30 {
			return []float64{10}
		}
		return []float64{0}
	}
	tests := []struct {
		name     string
		behavior *autoscalingv2.HorizontalPodAutoscalerBehavior
		want     []int32 // after each sync, 15 s apart
	}{
		// Recommendations at 15 and 30 s ask for 10; the window keeps the
		// highest of the last 300 s, so the count drops at 345 s.
		{"no behavior: 5-minute window", nil, seq(10, 22, 1)},
		// With behavior a recommendation exactly 300 s old is out (After),
		// without it is in (Before): the controller's own asymmetry.
		{"default behavior: 300 s window, then 100% at once", &autoscalingv2.HorizontalPodAutoscalerBehavior{}, append(seq(10, 21, 1), 1)},
		{"1 pod per 15 s after a zero window", &autoscalingv2.HorizontalPodAutoscalerBehavior{ScaleDown: &autoscalingv2.HPAScalingRules{
			StabilizationWindowSeconds: new(int32),
			Policies:                   []autoscalingv2.HPAScalingPolicy{{Type: autoscalingv2.PodsScalingPolicy, Value: 1, PeriodSeconds: 15}},
		}}, []int32{10, 10, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := New(Spec{Min: 1, Max: 100, Metrics: external(1), Behavior: tt.behavior}, DefaultSettings())
			got := run(c, 10, low, len(tt.want)-1)
			if !slices.Equal(got, tt.want) {
				t.Errorf("replicas %v, want %v", got, tt.want)
			}
		})
	}
}

// seq is n values of hi followed by lo: hi for the syncs inside the window.
func seq(hi int32, n int, lo int32) []int32 {
	out := make([]int32, 0, n+2)
	for range n + 1 {
		out = append(out, hi)
	}
	return append(out, lo)
}

func TestMetricFormulas(t *testing.T) {
	tol := Tolerance{0.1, 0.1}
	tests := []struct {
		name    string
		m       Metric
		value   float64
		current int32
		pods    Pods
		want    int32
		ok      bool
	}{
		{"Object Value scales ready pods by the ratio", Metric{Kind: ObjectValue, Target: 10}, 45, 3, Pods{Ready: 3}, 14, true},
		{"Object Value counts ready pods only", Metric{Kind: ObjectValue, Target: 10}, 45, 3, Pods{Ready: 1, Starting: 2}, 5, true},
		{"Object Value with no ready pod asks for 0", Metric{Kind: ObjectValue, Target: 10}, 45, 3, Pods{Starting: 3}, 0, true},
		{"External Value from zero is the ratio", Metric{Kind: ExternalValue, Target: 10}, 45, 0, Pods{}, 5, true},
		{"External AverageValue is ceil(value/target)", Metric{Kind: ExternalAverage, Target: 100}, 1050, 2, Pods{Ready: 2}, 11, true},
		{"External AverageValue inside tolerance keeps", Metric{Kind: ExternalAverage, Target: 100}, 1050, 10, Pods{Ready: 10}, 10, true},
		{"Object AverageValue", Metric{Kind: ObjectAverage, Target: 5}, 21, 1, Pods{Ready: 1}, 5, true},
		{"Pods metric: plain", Metric{Kind: PodsAverage, Target: 10}, 30, 2, Pods{Ready: 2}, 6, true},
		{"Pods metric: missing pods count as target on the way down", Metric{Kind: PodsAverage, Target: 10}, 5, 4, Pods{Ready: 2, Starting: 2}, 3, true},
		{"Pods metric: missing pods count as 0 on the way up", Metric{Kind: PodsAverage, Target: 10}, 30, 4, Pods{Ready: 2, Starting: 2}, 6, true},
		{"Pods metric: no ready pod, no answer", Metric{Kind: PodsAverage, Target: 10}, 30, 4, Pods{Starting: 4}, 0, false},
		// CPU readings are one pod's usage in cores against its request.
		{"CPU: unready pods count as 0% when scaling up", cpu(50), 0.2, 4, Pods{Ready: 2, Starting: 2}, 4, true},
		{"CPU: unready pods ignored scaling down", cpu(50), 0.04, 4, Pods{Ready: 2, Starting: 2}, 1, true},
		{"CPU: plain", cpu(50), 0.2, 3, Pods{Ready: 3}, 6, true},
		// 0.111 of 0.2 cores is 55.5%: the controller's int32 makes it 55%,
		// inside the 10% band of a 50% target, and holds.
		{"CPU: utilization is a whole percent", cpu(50), 0.111, 10, Pods{Ready: 10}, 10, true},
		{"CPU: 56% moves", cpu(50), 0.112, 10, Pods{Ready: 10}, 12, true},
		// Pending pods are unready: 0% on a scale-up...
		{"CPU: pending pods count as 0% scaling up", cpu(50), 0.2, 4, Pods{Ready: 2, Pending: 2}, 4, true},
		// ...and a rebalanced ratio that flips direction keeps the count:
		// 2 pods at 60% and 2 pending pods at 0% is 30%, below the target.
		{"CPU: pending pods flip the direction, the count holds", cpu(50), 0.12, 4, Pods{Ready: 2, Pending: 2}, 4, true},
		{"CPU: warming pods are unready", cpu(50), 0.2, 4, Pods{Ready: 4, Warming: 2}, 4, true},
		{"CPU: no request, no answer", Metric{Name: "cpu", Kind: Utilization, Target: 50}, 0.2, 4, Pods{Ready: 4}, 0, false},
		{"memory: starting pods report", Metric{Name: "memory", Kind: Utilization, Target: 50, Request: 1 << 30}, 1 << 30, 2, Pods{Ready: 1, Starting: 1}, 4, true},
		{"Pods metric: pending pods are unready, 0 on the way up", Metric{Kind: PodsAverage, Target: 10}, 30, 4, Pods{Ready: 2, Pending: 2}, 6, true},
		{"Resource averageValue: CPU cores per pod", Metric{Name: "cpu", Kind: ResourceAverage, Target: 0.25}, 0.5, 2, Pods{Ready: 2}, 4, true},
		{"External AverageValue divides by status.replicas", Metric{Kind: ExternalAverage, Target: 100}, 1050, 10, Pods{Ready: 2, Pending: 8}, 10, true},
		{"NaN is no answer", Metric{Kind: ExternalAverage, Target: 1}, math.NaN(), 3, Pods{Ready: 3}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := metricReplicas(tt.m, tt.value, tt.current, tt.pods, tol, DefaultSettings())
			if got != tt.want || ok != tt.ok {
				t.Errorf("got %d,%v want %d,%v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

// cpu is a CPU utilization target for pods requesting 200m.
func cpu(target float64) Metric {
	return Metric{Name: "cpu", Kind: Utilization, Target: target, Request: 0.2}
}

func TestSyncGuards(t *testing.T) {
	spec := Spec{Min: 2, Max: 10, Metrics: []Metric{
		{Kind: ExternalAverage, Target: 1},
		{Kind: PodsAverage, Target: 1},
	}}
	tests := []struct {
		name     string
		current  int32
		pods     Pods
		readings []float64
		want     int32
	}{
		{"zero replicas with min > 0 disables scaling (KEDA scaled to zero)", 0, Pods{}, []float64{100, 100}, 0},
		{"above max goes to max", 14, Pods{Ready: 14}, []float64{0, 0}, 10},
		{"below min goes to min", 1, Pods{Ready: 1}, []float64{0, 0}, 2},
		{"the max over metrics wins", 3, Pods{Ready: 3}, []float64{2, 1.5}, 5},
		{"then the 2× limit applies", 3, Pods{Ready: 3}, []float64{2, 12}, 6},
		{"a failing metric blocks a scale-down", 5, Pods{Starting: 5}, []float64{1, 0}, 5},
		{"a failing metric does not block a scale-up", 5, Pods{Starting: 5}, []float64{8, 0}, 8},
		{"no metric at all keeps the count", 5, Pods{}, []float64{math.NaN(), math.NaN()}, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := New(spec, DefaultSettings()).Sync(0, tt.current, tt.pods, tt.readings); got != tt.want {
				t.Errorf("got %d, want %d", got, tt.want)
			}
		})
	}
}

func TestDefaultBehavior(t *testing.T) {
	if DefaultBehavior(nil, DownscaleWindow) != nil {
		t.Fatal("nil behavior must stay nil: it selects the classic code path")
	}
	w := int32(60)
	b := DefaultBehavior(&autoscalingv2.HorizontalPodAutoscalerBehavior{ScaleDown: &autoscalingv2.HPAScalingRules{StabilizationWindowSeconds: &w}}, DownscaleWindow)
	if *b.ScaleUp.StabilizationWindowSeconds != 0 || len(b.ScaleUp.Policies) != 2 || *b.ScaleUp.SelectPolicy != autoscalingv2.MaxChangePolicySelect {
		t.Errorf("scaleUp defaults: %+v", b.ScaleUp)
	}
	if *b.ScaleDown.StabilizationWindowSeconds != 60 || b.ScaleDown.Policies[0].Value != 100 {
		t.Errorf("scaleDown: %+v", b.ScaleDown)
	}
}

// Found by the differential test (seed 372): events older than the
// direction's longest policy period are only marked outdated, and only the
// last of them is overwritten, so a scale-down older than the scale-down
// policies still raises the scale-up limit while inside its period.
func TestOutdatedScaleEventsStillCount(t *testing.T) {
	zero := int32(0)
	b := &autoscalingv2.HorizontalPodAutoscalerBehavior{
		ScaleUp: &autoscalingv2.HPAScalingRules{Policies: []autoscalingv2.HPAScalingPolicy{{Type: autoscalingv2.PercentScalingPolicy, Value: 100, PeriodSeconds: 300}}},
		ScaleDown: &autoscalingv2.HPAScalingRules{StabilizationWindowSeconds: &zero,
			Policies: []autoscalingv2.HPAScalingPolicy{{Type: autoscalingv2.PodsScalingPolicy, Value: 10, PeriodSeconds: 15}}},
	}
	c := New(Spec{Min: 1, Max: 100, Metrics: external(1), Behavior: b}, DefaultSettings())
	current := int32(10)
	for _, s := range []struct {
		at        int64
		reading   float64
		want      int32
		rationale string
	}{
		{0, 10, 10, "seeds the history"},
		{100, 8, 8, "down 2"},
		{110, 7, 7, "down 1"},
		// Both are outdated now (older than 15 s); the last one is
		// overwritten, the first stays.
		{200, 6, 6, "down 1"},
		// start of the 300 s period: 6 + 2 + 1 = 9, so at most 18.
		{250, 100, 18, "up, limited to 100% of the count 300 s ago"},
	} {
		got := c.Sync(s.at, current, Pods{Ready: current}, []float64{s.reading})
		if got != s.want {
			t.Fatalf("t=%d (%s): %d replicas, want %d", s.at, s.rationale, got, s.want)
		}
		current = got
	}
}

// Found by the differential test (seed 905): past the CPU initialization
// period, a pod that is not Ready yet counts with its CPU when the initial
// readiness delay is 0 (its Ready condition turned False as it started).
func TestCPUOfPodsStartingPastInitialization(t *testing.T) {
	pods := Pods{Ready: 2, Starting: 2, Initialized: 2}
	for _, tt := range []struct {
		delay int64
		want  int32
	}{
		{30, 4}, // 2 ready at 100% and 2 unready at 0%: 50%, on target
		{0, 8},  // 4 pods at 100% of a 50% target
	} {
		set := DefaultSettings()
		set.InitialReadinessDelay = tt.delay
		got, _ := metricReplicas(cpu(50), 0.2, 4, pods, Tolerance{0.1, 0.1}, set)
		if got != tt.want {
			t.Errorf("initial readiness delay %ds: %d replicas, want %d", tt.delay, got, tt.want)
		}
	}
}
