package simulate_test

import (
	"fmt"

	"github.com/agentscale/agentscale/internal/simulate"
	"github.com/agentscale/agentscale/internal/simulate/load"
	"github.com/agentscale/agentscale/internal/spec"
)

// A KEDA Kafka consumer with 12 partitions under a burst it cannot absorb:
// KEDA's HPA stops at 12 replicas, whatever the lag. By hand: active at the
// 60 s poll (0 → 1), then 2, 4, 8, 12 at the 15 s syncs, each ready 20 s
// later; 100 tasks/s against at most 60 leave 26,850 waiting at 660 s.
func ExampleRun() {
	s, errs := spec.Parse("swarm.yaml", []byte(`apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: ingest}
spec:
  roles:
    - name: consumer
      image: ghcr.io/acme/consumer:1.0.0
      replicas: {min: 0, max: 30}
      scaling:
        keda:
          triggers:
            - type: kafka
              metadata: {bootstrapServers: "kafka:9092", consumerGroup: c, topic: events, lagThreshold: "50"}
              partitions: 12
      simulation: {tasksPerSecond: 5, startupSeconds: 20}
`), spec.Options{})
	if len(errs) > 0 {
		panic(errs)
	}
	burst, _ := load.ParsePattern("spike:0+100@1m/10m")
	res, err := simulate.Run(s, simulate.Options{Load: burst, Duration: 3600, Step: 1})
	if err != nil {
		panic(err)
	}
	r := res.Roles[0]
	fmt.Println(r.Autoscaler)
	fmt.Printf("peak %d replicas, peak backlog %.0f, drained: %v\n", r.Summary.PeakDesired, r.Summary.PeakBacklog, r.Summary.Drained)
	fmt.Printf("back at %d replicas by the end\n", r.Series.Desired[res.Steps-1])
	// Output:
	// KEDA keda-hpa-ingest-consumer: s0-kafka-events External/AverageValue 50 (no behavior)
	// peak 12 replicas, peak backlog 26850, drained: true
	// back at 0 replicas by the end
}
