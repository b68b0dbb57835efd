package simulate

import (
	"errors"
	"strings"
	"testing"

	"github.com/agentscale/agentscale/internal/simulate/load"
	"github.com/agentscale/agentscale/internal/spec"
)

func parse(t *testing.T, doc string) *spec.Swarm {
	t.Helper()
	s, errs := spec.Parse("swarm.yaml", []byte(doc), spec.Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return s
}

const fixed = `apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: t}
spec:
  roles:
    - name: worker
      image: x:1
      replicas: %s
      simulation: {tasksPerSecond: %s, startupSeconds: 0}
`

func fixedSwarm(t *testing.T, replicas, tps string) *spec.Swarm {
	return parse(t, strings.NewReplacer("%s", replicas).Replace(strings.Replace(fixed, "tasksPerSecond: %s", "tasksPerSecond: "+tps, 1)))
}

func run(t *testing.T, s *spec.Swarm, pattern string, seconds int64) *Result {
	t.Helper()
	l, err := load.ParsePattern(pattern)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(s, Options{Load: l, Duration: seconds, Step: 1})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestCapacityKeepsUp(t *testing.T) {
	res := run(t, fixedSwarm(t, "2", "5"), "steady:8", 60)
	s := res.Roles[0].Summary
	if s.PeakBacklog != 0 || s.Processed != 480 || s.WorstWait != 0 || s.ScaleEvents != 0 || !s.Drained {
		t.Errorf("summary %+v", s)
	}
	if s.ReplicaHours != 2*60.0/3600 {
		t.Errorf("replica-hours %g", s.ReplicaHours)
	}
}

func TestFIFOWaits(t *testing.T) {
	// 2 tasks/s arrive, 1 is served: the tasks of second i start at 2i+1,
	// waiting i+1 seconds; those of the last 5 seconds are still queued.
	res := run(t, fixedSwarm(t, "1", "1"), "steady:2", 10)
	s := res.Roles[0].Summary
	if s.WorstWait != 5 || !s.WaitAtLeast || s.FinalBacklog != 10 || s.PeakBacklog != 10 || s.Drained {
		t.Errorf("summary %+v", s)
	}
}

func TestDrainAfterPeak(t *testing.T) {
	// 3/s for 10 s against 1/s: the backlog peaks at 20 at 9 s, then
	// drains at 1 task/s.
	res := run(t, fixedSwarm(t, "1", "1"), "spike:0+3@0/10", 60)
	s := res.Roles[0].Summary
	if s.PeakBacklog != 20 || s.PeakBacklogAt != 9 || !s.Drained || s.DrainAfterPeak != 20 {
		t.Errorf("summary %+v", s)
	}
}

func TestSummaryCounts(t *testing.T) {
	r := &RoleRun{Max: 4, Series: &RoleSeries{
		Arrivals:  make([]float64, 8),
		Backlog:   make([]float64, 8),
		Processed: make([]float64, 8),
		Desired:   []int32{1, 2, 4, 4, 3, 4, 4, 1},
		Ready:     []int32{1, 1, 2, 4, 3, 3, 4, 1},
		Starting:  []int32{0, 1, 2, 0, 0, 1, 0, 0},
		Pending:   []int32{0, 0, 1, 0, 0, 0, 0, 0},
	}}
	s := summarizeRole(r, 10)
	if s.ScaleEvents != 5 || s.Flips != 3 || s.AtMax != 40 || s.Unschedulable != 10 || s.PeakDesired != 4 || s.PeakReady != 4 {
		t.Errorf("summary %+v", s)
	}
}

const kafkaSwarm = `apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: k}
spec:
  roles:
    - name: consumer
      image: x:1
      replicas: {min: 1, max: 40}
      scaling:
        keda:
          pollingInterval: 15
          triggers:
            - type: kafka
              metadata: {bootstrapServers: "k:9092", consumerGroup: g, topic: t, lagThreshold: "10"%s}
              partitions: 12
      simulation: {tasksPerSecond: 1, startupSeconds: 0}
`

func TestKafkaNeverExceedsPartitions(t *testing.T) {
	s := parse(t, strings.Replace(kafkaSwarm, "%s", "", 1))
	res := run(t, s, "steady:100", 600)
	if got := res.Roles[0].Summary.PeakDesired; got != 12 {
		t.Errorf("peak desired %d, want 12 (partitions)", got)
	}
	// allowIdleConsumers lifts the replica cap, but a 13th consumer has no
	// partition: throughput stays at 12 tasks/s.
	s = parse(t, strings.Replace(kafkaSwarm, "%s", `, allowIdleConsumers: "true"`, 1))
	res = run(t, s, "steady:100", 600)
	sum := res.Roles[0].Summary
	if sum.PeakDesired != 40 || sum.Processed > 12*600 {
		t.Errorf("peak desired %d, processed %g", sum.PeakDesired, sum.Processed)
	}
}

func TestNoBehaviorGrowth(t *testing.T) {
	// An Object metric under a huge backlog: 1 → 4 → 8 → 16 → 32 per sync.
	s := parse(t, `apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: h}
spec:
  roles:
    - name: w
      image: x:1
      replicas: {min: 1, max: 100}
      scaling:
        hpa:
          metrics: [{name: q, type: Object, target: 1}]
      simulation: {tasksPerSecond: 0.001, startupSeconds: 0}
`)
	res := run(t, s, "steady:1000", 61)
	d := res.Roles[0].Series.Desired
	got := []int32{d[0], d[15], d[30], d[45], d[60]}
	want := []int32{4, 8, 16, 32, 64}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("desired at syncs %v, want %v", got, want)
		}
	}
}

func TestErrors(t *testing.T) {
	s := fixedSwarm(t, "1", "1")
	steady, _ := load.ParsePattern("steady:1")
	csv, err := load.ParseCSV("load.csv", []byte("0,1,worker\n5,2,ghost\n"))
	if err != nil {
		t.Fatal(err)
	}
	// KEDA accepts this mode; simulate does not model it.
	rabbit := parse(t, strings.Replace(strings.Replace(kafkaSwarm, "type: kafka", "type: rabbitmq", 1),
		`{bootstrapServers: "k:9092", consumerGroup: g, topic: t, lagThreshold: "10"%s}`, `{queueName: q, mode: DeliverGetRate, value: "5", host: "http://mq:15672"}`, 1))
	redis := parse(t, strings.Replace(strings.Replace(kafkaSwarm, "type: kafka", "type: redis", 1),
		`{bootstrapServers: "k:9092", consumerGroup: g, topic: t, lagThreshold: "10"%s}`, `{listName: tasks, address: "redis:6379"}`, 1))
	tests := []struct {
		name  string
		s     *spec.Swarm
		opts  Options
		want  string
		usage bool
	}{
		{"no load", s, Options{Duration: 10, Step: 1}, "no load", true},
		{"zero step", s, Options{Load: steady, Duration: 10}, "--step", true},
		{"too many steps", s, Options{Load: steady, Duration: MaxSteps + 1, Step: 1}, "at most", true},
		{"unknown --role", s, Options{Load: steady, Roles: []string{"ghost"}, Duration: 10, Step: 1}, "--role ghost: unknown role (defined: worker)", true},
		{"unknown role in the load file", s, Options{Load: csv, Duration: 10, Step: 1}, `load.csv:2:5: unknown role "ghost"`, false},
		{"unmodelled trigger metadata", rabbit, Options{Load: steady, Duration: 10, Step: 1}, `swarm.yaml:14:46: roles[0].scaling.keda.triggers[0].metadata.mode: simulate models modes QueueLength and MessageRate, not DeliverGetRate`, false},
		{"unmodelled trigger", redis, Options{Load: steady, Duration: 10, Step: 1}, `simulate does not model "redis" triggers`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Run(tt.s, tt.opts)
			var ue *UsageError
			if err == nil || !strings.Contains(err.Error(), tt.want) || errors.As(err, &ue) != tt.usage {
				t.Errorf("err = %v (usage %v), want %q (usage %v)", err, errors.As(err, &ue), tt.want, tt.usage)
			}
		})
	}
}

func TestNotes(t *testing.T) {
	l, err := load.ParseCSV("load.csv", []byte("0,1\n100,2\n"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(fixedSwarm(t, "1", "1"), Options{Load: l, Duration: 50, Step: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "rows after --duration (50s) are not simulated") {
		t.Errorf("notes %q", res.Notes)
	}
}

func TestNodeShare(t *testing.T) {
	// Two roles share one 2-CPU node; the reported one requests 1 CPU of
	// the 1.5 requested: two thirds of the node's hours.
	s := parse(t, `apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: n}
spec:
  nodePools:
    - {name: p, allocatable: {cpu: "2", memory: 8Gi}, minNodes: 1, maxNodes: 1, pricePerHour: 3}
  roles:
    - {name: a, image: "x:1", nodePool: p, replicas: 2, resources: {requests: {cpu: 500m, memory: 1Gi}}}
    - {name: b, image: "x:1", nodePool: p, replicas: 1, resources: {requests: {cpu: 500m, memory: 1Gi}}}
`)
	l, _ := load.ParsePattern("steady:0")
	res, err := Run(s, Options{Roles: []string{"a"}, Load: l, Duration: 3600, Step: 1})
	if err != nil {
		t.Fatal(err)
	}
	sum := res.Roles[0].Summary
	if d := sum.NodeHours - 2.0/3; d > 1e-9 || d < -1e-9 || sum.Cost < 1.999 || sum.Cost > 2.001 {
		t.Errorf("node-hours %g cost %g, want 2/3 and $2", sum.NodeHours, sum.Cost)
	}
}

func TestScaleUpTimeline(t *testing.T) {
	// At 0 s the HPA asks for 4 pods; two fit the node, two are Pending.
	// The Cluster Autoscaler's scan at 0 s sees only pods younger than 2 s
	// and waits one loop for more (allPodsAreNew); its scan at 10 s adds a
	// node, Ready at 100 s; the pods start there and are Ready 30 s later.
	s := parse(t, `apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: n}
spec:
  nodePools:
    - {name: p, allocatable: {cpu: "2", memory: 8Gi}, minNodes: 1, maxNodes: 5}
  roles:
    - name: w
      image: x:1
      nodePool: p
      replicas: {min: 2, max: 4}
      resources: {requests: {cpu: "1", memory: 1Gi}}
      scaling: {hpa: {metrics: [{name: q, type: External, target: 1}]}}
      simulation: {tasksPerSecond: 0.001, startupSeconds: 30}
`)
	res := run(t, s, "steady:1000", 200)
	ser, nodes := res.Roles[0].Series, res.Pools[0].Nodes
	checks := []struct {
		name      string
		got, want int32
	}{
		{"desired at 0 s", ser.Desired[0], 4},
		{"pending at 0 s", ser.Pending[0], 2},
		{"nodes at 0 s (the pods are too new)", nodes[0], 1},
		{"nodes at 10 s (one provisioning)", nodes[10], 2},
		{"pending at 99 s", ser.Pending[99], 2},
		{"starting at 100 s", ser.Starting[100], 2},
		{"ready at 129 s", ser.Ready[129], 2},
		{"ready at 130 s", ser.Ready[130], 4},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: %d, want %d", c.name, c.got, c.want)
		}
	}
	if u := res.Roles[0].Summary.Unschedulable; u != 100 {
		t.Errorf("unschedulable %ds, want 100", u)
	}
}

func TestScaledJob(t *testing.T) {
	// 20 tasks at once; at most 5 Jobs, each taking one task for 10 s.
	// KEDA polls every 10 s and, by the default strategy, starts
	// min(queue, 5) - running Jobs: 5 at 0, 20, 40 and 60 s; a Job takes
	// its task the second after it is ready and finishes 10 s later.
	s := parse(t, `apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: j}
spec:
  roles:
    - name: eval
      image: x:1
      workload: Job
      replicas: {min: 0, max: 5}
      scaling:
        keda:
          pollingInterval: 10
          triggers:
            - type: rabbitmq
              metadata: {queueName: q, mode: QueueLength, value: "1", host: "amqp://mq:5672"}
      simulation: {tasksPerSecond: 0.1, startupSeconds: 0}
`)
	res := run(t, s, "spike:0+20@0/1", 100)
	r := res.Roles[0]
	done := 0.0
	cum := map[int]float64{}
	for i, p := range r.Series.Processed {
		done += p
		cum[i] = done
	}
	if cum[10] != 0 || cum[11] != 5 || cum[30] != 5 || cum[31] != 10 || cum[71] != 20 {
		t.Errorf("completed by 10/11/30/31/71 s: %g %g %g %g %g", cum[10], cum[11], cum[30], cum[31], cum[71])
	}
	if s := r.Summary; s.JobsStarted != 20 || s.PeakDesired != 5 || s.FinalBacklog != 0 || !r.Jobs {
		t.Errorf("summary %+v", s)
	}
	if r.Series.Desired[99] != 0 {
		t.Errorf("Jobs left at the end: %d", r.Series.Desired[99])
	}
}

// spec.cluster changes the controllers' clocks: with a 30 s HPA sync and a
// 60 s Cluster Autoscaler scan, the timeline of TestScaleUpTimeline moves.
func TestClusterSettings(t *testing.T) {
	s := parse(t, `apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: n}
spec:
  cluster:
    hpa: {syncPeriod: 30s}
    clusterAutoscaler: {scanInterval: 1m}
  nodePools:
    - {name: p, allocatable: {cpu: "2", memory: 8Gi}, minNodes: 1, maxNodes: 5}
  roles:
    - name: w
      image: x:1
      nodePool: p
      replicas: {min: 1, max: 8}
      resources: {requests: {cpu: "1", memory: 1Gi}}
      scaling: {hpa: {metrics: [{name: q, type: External, target: 1}]}}
      simulation: {tasksPerSecond: 0.001, startupSeconds: 30}
`)
	res := run(t, s, "steady:1000", 200)
	ser, nodes := res.Roles[0].Series, res.Pools[0].Nodes
	// The HPA syncs at 0 s (1 → 4, the classic path's limit), then at
	// 30 s (4 → 8); the pods of 0 s are 0 s old at the scan at 0 s, so the
	// first scale-up is the scan at 60 s, for all six pending pods.
	for _, c := range []struct {
		name      string
		got, want int32
	}{
		{"desired at 0 s", ser.Desired[0], 4},
		{"desired at 29 s", ser.Desired[29], 4},
		{"desired at 30 s", ser.Desired[30], 8},
		{"nodes at 59 s", nodes[59], 1},
		{"nodes at 60 s", nodes[60], 4},
	} {
		if c.got != c.want {
			t.Errorf("%s: %d, want %d", c.name, c.got, c.want)
		}
	}
}
