package simulate

import (
	"fmt"
	"strings"
	"testing"

	"github.com/agentscale/agentscale/internal/simulate/load"
	"github.com/agentscale/agentscale/internal/spec"
)

// tenRoles is a 10-role swarm: four KEDA Kafka consumers, three HPAs on a
// custom metric and three on CPU with behavior, sharing one autoscaled
// pool, with headroom.
func tenRoles(b *testing.B) *spec.Swarm {
	var roles strings.Builder
	for i := range 10 {
		fmt.Fprintf(&roles, "    - name: role%d\n      replicas: {min: 1, max: 50}\n      simulation: {tasksPerSecond: %d, startupSeconds: 30}\n", i, 2+i)
		switch i % 3 {
		case 0:
			fmt.Fprintf(&roles, "      scaling:\n        keda:\n          pollingInterval: 15\n          triggers:\n            - type: kafka\n              metadata: {bootstrapServers: k:9092, consumerGroup: g%d, topic: t%d, lagThreshold: \"100\"}\n              partitions: 40\n", i, i)
		case 1:
			roles.WriteString("      scaling:\n        hpa:\n          metrics: [{name: queue, type: Object, target: 50}]\n")
		default:
			roles.WriteString("      scaling:\n        hpa:\n          cpu: 70\n          behavior: {scaleDown: {stabilizationWindowSeconds: 120}}\n")
		}
	}
	doc := `apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: bench}
spec:
  defaults:
    image: x:1
    nodePool: general
    resources: {requests: {cpu: 500m, memory: 1Gi}}
  nodePools:
    - {name: general, allocatable: {cpu: "8", memory: 32Gi}, minNodes: 2, maxNodes: 100, pricePerHour: 0.4}
  headroom: {replicas: 4, resources: {requests: {cpu: "1", memory: 2Gi}}}
  roles:
` + roles.String()
	s, errs := spec.Parse("bench.yaml", []byte(doc), spec.Options{})
	if len(errs) > 0 {
		b.Fatal(errs)
	}
	return s
}

// BenchmarkDay24h10Roles is the speed target: 24 hours at 1 s steps for
// a 10-role swarm under a daily wave with spikes, under 1 s.
func BenchmarkDay24h10Roles(b *testing.B) {
	s := tenRoles(b)
	l, _ := load.ParsePattern("daily:20..400@14h")
	opts := Options{Load: l, Duration: 24 * 3600, Step: 1}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Run(s, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSweep10Values is the sweep target: ten 2-hour runs of the
// 10-role swarm, under 5 s.
func BenchmarkSweep10Values(b *testing.B) {
	s := tenRoles(b)
	l, _ := load.ParsePattern("spike:50+800@20m/30m")
	opts := Options{Load: l, Duration: 2 * 3600, Step: 1}
	sw, _ := ParseSweep("role0.scaling.keda.triggers[0].metadata.lagThreshold=50,100,150,200,300,400,500,750,1000,2000")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := RunSweep(s, nil, sw, opts, Run); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSweep10Days is the heavier sweep: ten 24-hour runs.
func BenchmarkSweep10Days(b *testing.B) {
	s := tenRoles(b)
	l, _ := load.ParsePattern("daily:20..400@14h")
	opts := Options{Load: l, Duration: 24 * 3600, Step: 1}
	sw, _ := ParseSweep("role0.scaling.keda.triggers[0].metadata.lagThreshold=50,100,150,200,300,400,500,750,1000,2000")
	for b.Loop() {
		if _, err := RunSweep(s, nil, sw, opts, Run); err != nil {
			b.Fatal(err)
		}
	}
}
