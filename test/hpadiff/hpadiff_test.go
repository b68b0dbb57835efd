package hpadiff

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/go-logr/logr"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/klog/v2"
	"sigs.k8s.io/yaml"

	"github.com/agentscale/agentscale/internal/simulate/hpa"
)

var (
	seedFlag  = flag.Uint64("seed", 0, "run only the generated scenario with this seed, and print its trace")
	countFlag = flag.Int("scenarios", 1000, "how many generated scenarios to run")
)

func init() {
	// The controller reports errors through utilruntime to klog's global
	// logger; a scenario's failing metrics are expected, not noise to print.
	klog.SetLogger(logr.Discard())
}

// TestAgainstRealController runs hand-written and generated scenarios
// through the real HPA controller and agentscale's model, and requires the
// same replica count after every sync.
func TestAgainstRealController(t *testing.T) {
	if *seedFlag != 0 {
		sc := generate(*seedFlag)
		steps := run(t, sc)
		t.Logf("%s\n%s", describe(sc), trace(steps, len(steps)))
		if k := diverged(steps); k >= 0 {
			t.Errorf("sync %d diverges", k)
		}
		return
	}
	for _, sc := range handWritten() {
		t.Run(sc.name, func(t *testing.T) {
			steps := run(t, sc)
			if k := diverged(steps); k >= 0 {
				t.Errorf("sync %d diverges:\n%s\n%s", k, describe(sc), trace(steps, k))
			}
		})
	}
	var cov coverage
	failed := 0
	for seed := uint64(1); seed <= uint64(*countFlag); seed++ {
		sc := generate(seed)
		steps := run(t, sc)
		cov.add(sc, steps)
		if k := diverged(steps); k >= 0 {
			failed++
			if failed <= 5 {
				t.Errorf("seed %d: sync %d diverges; reproduce with\n\tcd test/hpadiff && go test -run TestAgainstRealController -seed %d -v\n%s\n%s",
					seed, k, seed, describe(sc), trace(steps, k))
			}
		}
	}
	if failed > 0 {
		t.Errorf("%d of %d generated scenarios diverge", failed, *countFlag)
	}
	t.Logf("%d generated scenarios: %s", *countFlag, cov)
	cov.check(t)
}

// coverage counts what the generated scenarios exercised, so that a
// generator that stops reaching a code path fails the test instead of
// passing it vacuously.
type coverage struct {
	syncs, changes, ups, downs, flips, pending, starting, warming, atZero int
	initialized                                                           int
	behavior, classic                                                     int
	kinds                                                                 map[hpa.Kind]int
}

func (c *coverage) add(sc *scenario, steps []step) {
	if c.kinds == nil {
		c.kinds = map[hpa.Kind]int{}
	}
	if sc.hpa.Spec.Behavior != nil {
		c.behavior++
	} else {
		c.classic++
	}
	spec, _ := hpa.FromObject(sc.hpa, nil)
	for _, m := range spec.Metrics {
		c.kinds[m.Kind]++
	}
	last := 0
	for _, s := range steps {
		c.syncs++
		dir := 0
		switch {
		case s.real > s.current:
			c.ups, dir = c.ups+1, 1
		case s.real < s.current:
			c.downs, dir = c.downs+1, -1
		}
		if dir != 0 {
			c.changes++
			if last != 0 && dir != last {
				c.flips++
			}
			last = dir
		}
		if s.pods.Pending > 0 {
			c.pending++
		}
		if s.pods.Starting > 0 {
			c.starting++
		}
		if s.pods.Warming > 0 {
			c.warming++
		}
		if s.pods.Initialized > 0 {
			c.initialized++
		}
		if s.current == 0 {
			c.atZero++
		}
	}
}

func (c coverage) String() string {
	return fmt.Sprintf("%d syncs, %d scale-ups, %d scale-downs, %d direction flips; syncs with pending pods %d, starting %d (past the CPU initialization period %d), warming %d, at zero %d; %d with behavior, %d classic; metrics by kind %v",
		c.syncs, c.ups, c.downs, c.flips, c.pending, c.starting, c.initialized, c.warming, c.atZero, c.behavior, c.classic, c.kinds)
}

func (c coverage) check(t *testing.T) {
	t.Helper()
	if *countFlag < 100 {
		return
	}
	floor := func(name string, got, min int) {
		if got < min {
			t.Errorf("coverage: %s %d, want at least %d: the generator no longer reaches it", name, got, min)
		}
	}
	floor("scale-ups", c.ups, c.syncs/50)
	floor("scale-downs", c.downs, c.syncs/200)
	floor("direction flips", c.flips, 50)
	floor("syncs with pending pods", c.pending, c.syncs/20)
	floor("syncs with starting pods", c.starting, c.syncs/20)
	floor("syncs with warming pods", c.warming, 20)
	floor("syncs with pods starting past the CPU initialization period", c.initialized, 20)
	floor("syncs at zero replicas", c.atZero, 5)
	floor("scenarios with behavior", c.behavior, *countFlag/4)
	floor("scenarios without behavior", c.classic, *countFlag/4)
	for k := hpa.Utilization; k <= hpa.ResourceAverage; k++ {
		floor("metrics of kind "+k.String(), c.kinds[k], *countFlag/20)
	}
}

func describe(sc *scenario) string {
	b, _ := yaml.Marshal(sc.hpa.Spec)
	return fmt.Sprintf("%s\ncontroller %+v\ninitial %d, requests %dm / %d bytes, start-up %ds\n%s",
		sc.name, sc.settings, sc.initial, sc.cpuRequest, sc.memRequest, sc.startup, b)
}

// newHPA is the target's HPA with the given bounds, metrics and behavior.
func newHPA(min *int32, max int32, b *autoscalingv2.HorizontalPodAutoscalerBehavior, metrics ...autoscalingv2.MetricSpec) *autoscalingv2.HorizontalPodAutoscaler {
	return &autoscalingv2.HorizontalPodAutoscaler{
		ObjectMeta: metav1.ObjectMeta{Name: target, Namespace: namespace},
		Spec: autoscalingv2.HorizontalPodAutoscalerSpec{
			ScaleTargetRef: autoscalingv2.CrossVersionObjectReference{APIVersion: "apps/v1", Kind: "Deployment", Name: target},
			MinReplicas:    min, MaxReplicas: max, Metrics: metrics, Behavior: b,
		},
	}
}

func milli(v int64) *resource.Quantity { return resource.NewMilliQuantity(v, resource.DecimalSI) }

func resourceMetric(name corev1.ResourceName, t autoscalingv2.MetricTarget) autoscalingv2.MetricSpec {
	return autoscalingv2.MetricSpec{Type: autoscalingv2.ResourceMetricSourceType, Resource: &autoscalingv2.ResourceMetricSource{Name: name, Target: t}}
}

func utilization(name corev1.ResourceName, pct int32) autoscalingv2.MetricSpec {
	return resourceMetric(name, autoscalingv2.MetricTarget{Type: autoscalingv2.UtilizationMetricType, AverageUtilization: &pct})
}

func podsMetric(m int64) autoscalingv2.MetricSpec {
	return autoscalingv2.MetricSpec{Type: autoscalingv2.PodsMetricSourceType, Pods: &autoscalingv2.PodsMetricSource{
		Metric: autoscalingv2.MetricIdentifier{Name: "agent_tasks_in_progress"},
		Target: autoscalingv2.MetricTarget{Type: autoscalingv2.AverageValueMetricType, AverageValue: milli(m)}}}
}

func metricTarget(tt autoscalingv2.MetricTargetType, m int64) autoscalingv2.MetricTarget {
	if tt == autoscalingv2.ValueMetricType {
		return autoscalingv2.MetricTarget{Type: tt, Value: milli(m)}
	}
	return autoscalingv2.MetricTarget{Type: tt, AverageValue: milli(m)}
}

func objectMetric(tt autoscalingv2.MetricTargetType, m int64) autoscalingv2.MetricSpec {
	return autoscalingv2.MetricSpec{Type: autoscalingv2.ObjectMetricSourceType, Object: &autoscalingv2.ObjectMetricSource{
		DescribedObject: autoscalingv2.CrossVersionObjectReference{APIVersion: "apps/v1", Kind: "Deployment", Name: target},
		Metric:          autoscalingv2.MetricIdentifier{Name: "agent_tasks_pending"}, Target: metricTarget(tt, m)}}
}

func externalMetric(tt autoscalingv2.MetricTargetType, m int64) autoscalingv2.MetricSpec {
	return autoscalingv2.MetricSpec{Type: autoscalingv2.ExternalMetricSourceType, External: &autoscalingv2.ExternalMetricSource{
		Metric: autoscalingv2.MetricIdentifier{Name: "queue_depth"}, Target: metricTarget(tt, m)}}
}

func constant(v int64) func(int64) int64 { return func(int64) int64 { return v } }

func never(int) int64 { return 0 }

// handWritten are the cases the issue names, each a fidelity bug the
// model had: they must agree with the controller too.
func handWritten() []*scenario {
	base := func(name string, h *autoscalingv2.HorizontalPodAutoscaler, initial int32) *scenario {
		return &scenario{name: name, hpa: h, settings: hpa.DefaultSettings(), initial: initial, cpuRequest: 200, memRequest: 256 << 20,
			startup: 30, pendingFor: never, backlog: constant(0), cpu: constant(100), mem: constant(64 << 20), syncs: 30}
	}
	var out []*scenario

	// CPU above target while 6 of 10 pods cannot be scheduled: Pending
	// pods are unready and count as 0% on the way up; the rebalanced ratio
	// (24% of 50%) flips the direction, so the count holds. Counting only
	// the Ready pods would scale down to 5.
	sc := base("pending pods and CPU above target", newHPA(ptr(int32(2)), 20, &autoscalingv2.HorizontalPodAutoscalerBehavior{
		ScaleDown: &autoscalingv2.HPAScalingRules{StabilizationWindowSeconds: ptr(int32(0))}}, utilization(corev1.ResourceCPU, 50)), 10)
	sc.cpu, sc.pendingFor = constant(120), func(n int) int64 {
		if n >= 4 {
			return 7200
		}
		return 0
	}
	out = append(out, sc)

	// 111m of 200m is 55.5%, which the controller truncates to 55%: inside
	// the tolerance of a 50% target.
	sc = base("integer utilization", newHPA(ptr(int32(1)), 20, nil, utilization(corev1.ResourceCPU, 50)), 10)
	sc.cpu = constant(111)
	out = append(out, sc)
	sc = base("integer utilization, one millicore more", newHPA(ptr(int32(1)), 30, nil, utilization(corev1.ResourceCPU, 50)), 10)
	sc.cpu = constant(112)
	out = append(out, sc)

	// Per-direction tolerances win over the controller's.
	up, down := resource.MustParse("0.05"), resource.MustParse("0.25")
	sc = base("per-direction tolerance", newHPA(ptr(int32(1)), 40, &autoscalingv2.HorizontalPodAutoscalerBehavior{
		ScaleUp: &autoscalingv2.HPAScalingRules{Tolerance: &up}, ScaleDown: &autoscalingv2.HPAScalingRules{Tolerance: &down, StabilizationWindowSeconds: ptr(int32(0))}},
		externalMetric(autoscalingv2.ValueMetricType, 10_000)), 10)
	sc.backlog = func(t int64) int64 {
		switch {
		case t < 100:
			return 10_700 // 1.07: up, with 0.05
		case t < 200:
			return 8_000 // 0.8 of the new count: held by 0.25
		}
		return 5_000
	}
	out = append(out, sc)

	// The classic path: the highest recommendation of 5 minutes, and at
	// most max(2×, 4) up per sync.
	sc = base("classic path", newHPA(ptr(int32(1)), 100, nil, externalMetric(autoscalingv2.AverageValueMetricType, 1000)), 1)
	sc.backlog = func(t int64) int64 {
		if t < 120 {
			return 90_000
		}
		return 1_000
	}
	sc.syncs = 50
	out = append(out, sc)

	// A Pods metric while new pods start: they have no value yet (missing).
	sc = base("pods metric with starting pods", newHPA(ptr(int32(1)), 50, &autoscalingv2.HorizontalPodAutoscalerBehavior{}, podsMetric(2000)), 2)
	sc.startup, sc.backlog = 90, constant(40_000)
	out = append(out, sc)

	// Scale to zero on an External Value metric and back (HPAScaleToZero).
	sc = base("scale to zero and back", newHPA(ptr(int32(0)), 10, &autoscalingv2.HorizontalPodAutoscalerBehavior{
		ScaleDown: &autoscalingv2.HPAScalingRules{StabilizationWindowSeconds: ptr(int32(30))}}, externalMetric(autoscalingv2.ValueMetricType, 5000)), 3)
	sc.backlog = func(t int64) int64 {
		if t >= 120 && t < 300 {
			return 0
		}
		return 12_000
	}
	out = append(out, sc)

	// CPU right after pods turn Ready: samples from the first metric
	// window are ignored inside the initialization period.
	sc = base("CPU samples while pods warm up", newHPA(ptr(int32(1)), 30, &autoscalingv2.HorizontalPodAutoscalerBehavior{}, utilization(corev1.ResourceCPU, 60)), 2)
	sc.startup, sc.cpu = 20, constant(190)
	sc.settings.MetricWindow = 30
	out = append(out, sc)
	return out
}

// generate is one random scenario; the seed reproduces it.
func generate(seed uint64) *scenario {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	chance := func(p float64) bool { return r.Float64() < p }
	between := func(lo, hi int64) int64 { return lo + r.Int64N(hi-lo+1) }

	set := hpa.DefaultSettings()
	if chance(0.3) {
		set.SyncPeriod = []int64{5, 10, 30}[r.IntN(3)]
	}
	if chance(0.3) {
		set.Tolerance = []float64{0, 0.05, 0.2}[r.IntN(3)]
	}
	if chance(0.3) {
		set.DownscaleWindow = []int64{0, 60, 120, 600}[r.IntN(4)]
	}
	if chance(0.3) {
		set.CPUInitializationPeriod = []int64{30, 60, 120}[r.IntN(3)]
	}
	if chance(0.2) {
		set.MetricWindow = []int64{10, 30, 60}[r.IntN(3)]
	}
	if chance(0.2) {
		set.InitialReadinessDelay = []int64{0, 10, 60}[r.IntN(3)]
	}

	sc := &scenario{name: fmt.Sprintf("seed %d", seed), settings: set,
		cpuRequest: between(50, 2000), memRequest: between(64, 4096) << 20, startup: between(0, 240), syncs: int(between(30, 100))}
	if chance(0.1) {
		sc.startup = set.CPUInitializationPeriod + between(0, 60) // never Ready inside the initialization period
	}

	// Metrics: one or two, over every kind.
	var metrics []autoscalingv2.MetricSpec
	objectOrExternal := false
	scale := int64(0) // the backlog per replica the first metric targets, milli
	for i := range 1 + r.IntN(2) {
		var m autoscalingv2.MetricSpec
		per := between(1, 5000) * []int64{1, 10, 1000}[r.IntN(3)]
		switch r.IntN(8) {
		case 0:
			m = utilization(corev1.ResourceCPU, int32(between(20, 150)))
		case 1:
			m = utilization(corev1.ResourceMemory, int32(between(20, 150)))
		case 2:
			m = resourceMetric(corev1.ResourceCPU, autoscalingv2.MetricTarget{Type: autoscalingv2.AverageValueMetricType, AverageValue: milli(between(10, 2000))})
		case 3:
			m = podsMetric(per)
		case 4:
			m, objectOrExternal = objectMetric(autoscalingv2.ValueMetricType, per), true
		case 5:
			m, objectOrExternal = objectMetric(autoscalingv2.AverageValueMetricType, per), true
		case 6:
			m, objectOrExternal = externalMetric(autoscalingv2.ValueMetricType, per), true
		default:
			m, objectOrExternal = externalMetric(autoscalingv2.AverageValueMetricType, per), true
		}
		if i == 0 {
			scale = per
		}
		metrics = append(metrics, m)
	}

	minR := int32(between(1, 5))
	if objectOrExternal && chance(0.15) {
		minR = 0
	}
	maxR := minR + int32(between(1, 40))
	var minPtr *int32
	if minR != 1 || chance(0.5) {
		minPtr = ptr(minR)
	}
	var behavior *autoscalingv2.HorizontalPodAutoscalerBehavior
	if chance(0.5) {
		behavior = &autoscalingv2.HorizontalPodAutoscalerBehavior{ScaleUp: rules(r, chance, between), ScaleDown: rules(r, chance, between)}
	}
	sc.hpa = newHPA(minPtr, maxR, behavior, metrics...)

	switch p := r.Float64(); {
	case p < 0.05:
		sc.initial = maxR + int32(between(1, 5))
	case p < 0.10 && minR > 1:
		sc.initial = minR - 1
	case p < 0.12:
		sc.initial = 0
	default:
		sc.initial = int32(between(int64(max(minR, 1)), int64(maxR)))
	}

	// Pods: scheduled at once, after a while, or some stay Pending for long.
	mode := r.IntN(3)
	capacity := int(between(int64(sc.initial), int64(sc.initial)+10))
	sc.pendingFor = func(n int) int64 {
		pr := rand.New(rand.NewPCG(seed, uint64(n)))
		switch {
		case mode == 1:
			return pr.Int64N(90)
		case mode == 2 && n >= capacity:
			return 120 + pr.Int64N(900)
		}
		return pr.Int64N(3)
	}

	horizon := int64(sc.syncs+1) * set.SyncPeriod
	sc.backlog = series(r, horizon, scale*int64(maxR)*3/2)
	util := series(r, horizon, 250)
	sc.cpu = func(t int64) int64 { return sc.cpuRequest * util(t) / 100 }
	memUtil := series(r, horizon, 200)
	sc.mem = func(t int64) int64 { return sc.memRequest * memUtil(t) / 100 }
	return sc
}

// rules is a random scaling rule, or nil.
func rules(r *rand.Rand, chance func(float64) bool, between func(int64, int64) int64) *autoscalingv2.HPAScalingRules {
	if chance(0.3) {
		return nil
	}
	out := &autoscalingv2.HPAScalingRules{}
	if chance(0.6) {
		out.StabilizationWindowSeconds = ptr(int32(between(0, 600)))
	}
	if chance(0.4) {
		sel := []autoscalingv2.ScalingPolicySelect{autoscalingv2.MaxChangePolicySelect, autoscalingv2.MinChangePolicySelect,
			autoscalingv2.MaxChangePolicySelect, autoscalingv2.MinChangePolicySelect, autoscalingv2.DisabledPolicySelect}[r.IntN(5)]
		out.SelectPolicy = &sel
	}
	if chance(0.7) {
		for range 1 + r.IntN(3) {
			p := autoscalingv2.HPAScalingPolicy{Type: autoscalingv2.PodsScalingPolicy, Value: int32(between(1, 10)), PeriodSeconds: int32(between(1, 600))}
			if chance(0.5) {
				p.Type, p.Value = autoscalingv2.PercentScalingPolicy, int32(between(10, 300))
			}
			out.Policies = append(out.Policies, p)
		}
	}
	if chance(0.2) {
		out.Tolerance = milli(between(0, 300))
	}
	return out
}

// series is a piecewise-constant signal up to peak over horizon seconds:
// segments of 10 s to 3 min, some of them zero.
func series(r *rand.Rand, horizon, peak int64) func(int64) int64 {
	values := make([]int64, horizon+1)
	for t := int64(0); t <= horizon; {
		v := r.Int64N(max(peak, 1) + 1)
		if r.Float64() < 0.1 {
			v = 0
		}
		for end := t + 10 + r.Int64N(170); t <= horizon && t < end; t++ {
			values[t] = v
		}
	}
	return func(t int64) int64 {
		if t < 0 || t > horizon {
			return 0
		}
		return values[t]
	}
}
