package simulate

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/agentscale/agentscale/internal/simulate/load"
)

// findingSwarm is one role w on an optional pool; role is its YAML body.
func findingSwarm(pools, role string) string {
	return fmt.Sprintf(`apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: f}
spec:
%s  roles:
    - name: w
      image: x:1
%s`, pools, role)
}

// cpuRole scales on CPU with a scale-down window of window seconds.
func cpuRole(window int) string {
	return fmt.Sprintf(`      replicas: {min: 1, max: 400}
      resources: {requests: {cpu: 500m, memory: 1Gi}}
      scaling:
        hpa:
          cpu: 60
          behavior: {scaleDown: {stabilizationWindowSeconds: %d}}
      simulation: {tasksPerSecond: 1, startupSeconds: 10}
`, window)
}

// squareWave alternates 100 and 10 tasks/s every 3 minutes for an hour.
func squareWave() string {
	var b strings.Builder
	for t := 0; t < 3600; t += 180 {
		r := 100
		if (t/180)%2 == 1 {
			r = 10
		}
		fmt.Fprintf(&b, "%d,%d\n", t, r)
	}
	return b.String()
}

// Each finding fires on the failure it names, and the change its fix
// names makes it go away.
func TestFindings(t *testing.T) {
	const pool = "  nodePools:\n    - {name: p, allocatable: {cpu: \"1\", memory: 4Gi}, maxNodes: %d, provisionSeconds: 30}\n"
	kafka := func(partitions int) string {
		return fmt.Sprintf(`      replicas: {min: 1, max: 20}
      scaling:
        keda:
          pollingInterval: 15
          triggers:
            - type: kafka
              metadata: {bootstrapServers: "k:9092", topic: t, consumerGroup: c, lagThreshold: "50"}
              partitions: %d
      simulation: {tasksPerSecond: 10, startupSeconds: 10}
`, partitions)
	}
	for _, tc := range []struct {
		name, doc, load string
		seconds         int64
		want            FindingKind
		text, fix       string // substrings; empty: the finding must be absent
	}{
		{"pinned at max", findingSwarm("", "      replicas: {min: 1, max: 3}\n      resources: {requests: {cpu: 500m, memory: 1Gi}}\n      scaling: {hpa: {cpu: 50}}\n      simulation: {tasksPerSecond: 1}\n"),
			"steady:10", 1800, PinnedAtMax, "sat at its maximum of 3 replicas for", "towards 10, what the peak needs"},
		{"max that keeps up", findingSwarm("", "      replicas: {min: 1, max: 30}\n      resources: {requests: {cpu: 500m, memory: 1Gi}}\n      scaling: {hpa: {cpu: 50}}\n      simulation: {tasksPerSecond: 1}\n"),
			"steady:10", 1800, PinnedAtMax, "", ""},
		{"pinned at max beyond the pool", findingSwarm(fmt.Sprintf(pool, 2), "      replicas: {min: 1, max: 3}\n      resources: {requests: {cpu: 500m, memory: 1Gi}}\n      scaling: {hpa: {cpu: 50}}\n      simulation: {tasksPerSecond: 1}\n"),
			"steady:10", 1800, PinnedAtMax, "of 3 replicas", "10 of its pods alone need 5 nodes of pool p (2 per node), above its maxNodes 2"},
		{"partition cap", findingSwarm("", kafka(5)), "steady:100", 1800, PartitionCap,
			"ran at its topic's 5 partitions", "add partitions to the topic (10 keep up"},
		{"enough partitions", findingSwarm("", kafka(20)), "steady:100", 1800, PartitionCap, "", ""},
		{"starved", findingSwarm("", kafka(20)), "steady:100", 1800, Starved,
			"while 100 tasks/s arrived (10 replicas keep up)", "raise the minimum (replicas.min; minReplicas or minReplicaCount) to 10"},
		{"not starved at the floor it names", findingSwarm("", strings.Replace(kafka(20), "min: 1", "min: 10", 1)), "steady:100", 1800, Starved, "", ""},
		{"flapping", findingSwarm("", cpuRole(0)), "csv", 3600, Flapping,
			"within 10 minutes of the move before", "lengthen the scale-down stabilization window to about"},
		{"a window past the swings", findingSwarm("", cpuRole(600)), "csv", 3600, Flapping, "", ""},
		{"pool full", findingSwarm(fmt.Sprintf(pool, 2), "      replicas: {min: 1, max: 10}\n      resources: {requests: {cpu: 500m, memory: 1Gi}}\n      scaling: {hpa: {cpu: 50}}\n      simulation: {tasksPerSecond: 1}\n"),
			"steady:8", 1800, PoolFull, "while pool p was full at its maxNodes (2)", "raise pool p's maxNodes to at least"},
		{"a pool with room", findingSwarm(fmt.Sprintf(pool, 10), "      replicas: {min: 1, max: 10}\n      resources: {requests: {cpu: 500m, memory: 1Gi}}\n      scaling: {hpa: {cpu: 50}}\n      simulation: {tasksPerSecond: 1}\n"),
			"steady:8", 1800, PoolFull, "", ""},
		{"never fits", findingSwarm(fmt.Sprintf(pool, 2), "      replicas: 2\n      resources: {requests: {cpu: \"2\", memory: 1Gi}}\n"),
			"steady:1", 600, NeverFits, "request cpu 2, memory 1Gi, an empty node offers cpu 1, memory 4Gi", "lower the role's requests"},
		{"not drained, fixed replicas", findingSwarm("", "      replicas: 2\n      simulation: {tasksPerSecond: 1}\n"),
			"steady:5", 1800, NotDrained, "at the end 2 ready replicas did 2 tasks/s against 5 arriving", "raise its replicas to at least 6"},
		{"drained", findingSwarm("", "      replicas: 6\n      simulation: {tasksPerSecond: 1}\n"),
			"steady:5", 1800, NotDrained, "", ""},
		{"not drained, the run ends at the peak", findingSwarm("", "      replicas: {min: 1, max: 100}\n      resources: {requests: {cpu: 500m, memory: 1Gi}}\n      scaling: {hpa: {cpu: 50}}\n      simulation: {tasksPerSecond: 1}\n"),
			"spike:1+50@25m/5m", 1800, NotDrained, "never drained", "run longer"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := parse(t, tc.doc)
			var l *load.Load
			var err error
			if tc.load == "csv" {
				l, err = load.ParseCSV("load.csv", []byte(squareWave()))
			} else {
				l, err = load.ParsePattern(tc.load)
			}
			if err != nil {
				t.Fatal(err)
			}
			res, err := Run(s, Options{Load: l, Duration: tc.seconds, Step: 1})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range res.Findings {
				t.Logf("%s: %s; fix: %s", f.Kind, f.Text, f.Fix)
			}
			i := slices.IndexFunc(res.Findings, func(f Finding) bool { return f.Kind == tc.want })
			if tc.text == "" {
				if i >= 0 {
					t.Fatalf("unexpected %s finding: %+v", tc.want, res.Findings[i])
				}
				return
			}
			if i < 0 {
				t.Fatalf("no %s finding; findings %+v", tc.want, res.Findings)
			}
			f := res.Findings[i]
			if f.Role != "w" || !strings.Contains(f.Text, tc.text) || !strings.Contains(f.Fix, tc.fix) {
				t.Errorf("finding %+v\nwant text ~ %q, fix ~ %q", f, tc.text, tc.fix)
			}
		})
	}
}

// The window the flapping finding suggests calms the role it is about.
func TestFlappingFixHolds(t *testing.T) {
	l, err := load.ParseCSV("load.csv", []byte(squareWave()))
	if err != nil {
		t.Fatal(err)
	}
	flapping := func(window int) *Finding {
		res, err := Run(parse(t, findingSwarm("", cpuRole(window))), Options{Load: l, Duration: 3600, Step: 1})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range res.Findings {
			if f.Kind == Flapping {
				return &f
			}
		}
		return nil
	}
	f := flapping(0)
	if f == nil {
		t.Fatal("window 0: no flapping finding")
	}
	var want int
	if _, err := fmt.Sscanf(f.Fix[strings.Index(f.Fix, "about "):], "about %ds", &want); err != nil {
		t.Fatalf("fix %q: no window: %v", f.Fix, err)
	}
	if f := flapping(want); f != nil {
		t.Errorf("window %ds, as suggested: still %s", want, f.Text)
	}
}

func TestQuickFlips(t *testing.T) {
	for _, tc := range []struct {
		desired []int32
		step    int64
		quick   int
		longest int64
	}{
		{nil, 1, 0, 0},
		{[]int32{1, 2, 3, 3, 2, 1}, 60, 1, 120},                    // up, then down 2 minutes later
		{[]int32{1, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 1}, 60, 0, 0}, // down 11 minutes after the rise
		{[]int32{1, 3, 1, 3, 1}, 60, 3, 60},
	} {
		q, l := quickFlips(tc.desired, tc.step)
		if q != tc.quick || l != tc.longest {
			t.Errorf("quickFlips(%v, %d) = %d, %d; want %d, %d", tc.desired, tc.step, q, l, tc.quick, tc.longest)
		}
	}
}
