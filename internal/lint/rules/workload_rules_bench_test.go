package rules

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/agentscale/agentscale/internal/lint"
	"github.com/agentscale/agentscale/internal/lint/linttest"
)

// worstCaseManifest is n sets of a Deployment that every workload rule must
// look into (no probe, no declared port, no memory limit), a Service
// routing to it, a PDB, an HPA on cpu utilization, and a StatefulSet with a
// ScaledObject on Kafka: n=500 is 3,000 objects in one namespace.
func worstCaseManifest(n int) []byte {
	var b bytes.Buffer
	for i := range n {
		fmt.Fprintf(&b, `apiVersion: apps/v1
kind: Deployment
metadata: {name: agent-%[1]d, namespace: agents}
spec:
  replicas: 2
  template:
    metadata: {labels: {app: agent-%[1]d, part-of: bench}}
    spec:
      containers: [{name: agent, image: a:1, resources: {requests: {cpu: 100m}}}]
---
apiVersion: v1
kind: Service
metadata: {name: agent-%[1]d, namespace: agents}
spec:
  selector: {app: agent-%[1]d, part-of: bench}
  ports: [{name: http, port: 80, targetPort: 8080}]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: agent-%[1]d, namespace: agents}
spec:
  minAvailable: 1
  selector: {matchLabels: {app: agent-%[1]d}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: agent-%[1]d, namespace: agents}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: agent-%[1]d}
  minReplicas: 2
  maxReplicas: 20
  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: store-%[1]d, namespace: agents, annotations: {agentscale.dev/state: soft}}
spec:
  serviceName: store-%[1]d
  template:
    metadata: {labels: {app: store-%[1]d}}
    spec: {containers: [{name: store, image: s:1}]}
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: store-%[1]d, namespace: agents, annotations: {agentscale.dev/kafka-partitions: "10"}}
spec:
  scaleTargetRef: {kind: StatefulSet, name: store-%[1]d}
  triggers: [{type: kafka, metadata: {topic: t, bootstrapServers: k:9092, consumerGroup: g}}]
---
`, i)
	}
	return b.Bytes()
}

// BenchmarkWorkloadRules times each rule alone (plus the engine's parse and
// index, which BenchmarkWorkloadRules/none measures) on the worst-case input.
func BenchmarkWorkloadRules(b *testing.B) {
	data := worstCaseManifest(500)
	for _, r := range []*lint.Rule{nil, HardStateWithoutStorage, HPAMinZero, HPAUtilizationWithoutRequest,
		KafkaPartitionsCap, MissingMemoryLimit, MissingReadinessProbe, PDBBlocksEviction,
		ReplicasWithAutoscaler, StatefulSetForSoftState} {
		name, rules := "none", []*lint.Rule{}
		if r != nil {
			name, rules = r.ID, []*lint.Rule{r}
		}
		b.Run(name, func(b *testing.B) {
			opts := lint.Options{Rules: lint.MustRegistry(rules...), Render: linttest.Render}
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				lint.Run([]lint.Source{{Name: "bench.yaml", Data: data}}, opts)
			}
		})
	}
}
