package rules

import (
	"testing"

	"github.com/agentscale/agentscale/internal/lint/linttest"
)

func TestKafkaPartitionsCap(t *testing.T) {
	linttest.Run(t, KafkaPartitionsCap, []linttest.Case{
		{Name: "manifest/fires per Kafka trigger", Manifest: `
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: responder
  annotations: {agentscale.dev/kafka-partitions: "12,50"}
spec:
  scaleTargetRef: {name: responder}
  maxReplicaCount: 30
  triggers:
    - {type: cpu, metricType: Utilization, metadata: {value: "60"}}
    - type: kafka
      metadata: {topic: small, bootstrapServers: k:9092, consumerGroup: g}
    - type: kafka
      metadata: {topic: big, bootstrapServers: k:9092, consumerGroup: g}
---
apiVersion: keda.sh/v1alpha1
kind: ScaledJob
metadata:
  name: batch
  annotations: {agentscale.dev/kafka-partitions: "8"}
spec:
  jobTargetRef:
    template:
      spec: {containers: [{name: app, image: app:1}]}
  triggers:
    - type: kafka
      metadata: {topic: jobs, bootstrapServers: k:9092, consumerGroup: g}
`, Want: []string{
			`11:7: warning kafka-partitions-cap: trigger 1 reads a topic with 12 partitions, but ScaledObject responder may scale to 30; KEDA stops at 12 without allowIdleConsumers`,
			`26:7: warning kafka-partitions-cap: trigger 0 reads a topic with 8 partitions, but ScaledJob batch may scale to 100; KEDA stops at 8 without allowIdleConsumers`,
		}},
		{Name: "manifest/idle consumers, enough partitions or unknown count pass", Manifest: `
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: idle
  annotations: {agentscale.dev/kafka-partitions: "12"}
spec:
  scaleTargetRef: {name: idle}
  maxReplicaCount: 30
  triggers:
    - type: kafka
      metadata: {topic: t, bootstrapServers: k:9092, consumerGroup: g, allowIdleConsumers: "true"}
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: exact
  annotations: {agentscale.dev/kafka-partitions: "30"}
spec:
  scaleTargetRef: {name: exact}
  maxReplicaCount: 30
  triggers:
    - type: kafka
      metadata: {topic: t, bootstrapServers: k:9092, consumerGroup: g}
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: unknown}
spec:
  scaleTargetRef: {name: unknown}
  triggers:
    - type: kafka
      metadata: {topic: t, bootstrapServers: k:9092, consumerGroup: g}
`},
		{Name: "manifest/suppressed", Manifest: `
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: responder
  annotations:
    agentscale.dev/kafka-partitions: "12"
    agentscale.dev/ignore: kafka-partitions-cap
    agentscale.dev/ignore-reason: the topic is repartitioned to 48 next sprint
spec:
  scaleTargetRef: {name: responder}
  triggers:
    - type: kafka
      metadata: {topic: t, bootstrapServers: k:9092, consumerGroup: g}
`},
		{Name: "swarm/fires at partitions", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: responder
      image: a:1.0
      replicas: {min: 1, max: 50}
      scaling:
        keda:
          triggers:
            - type: kafka
              metadata: {bootstrapServers: k:9092, consumerGroup: g, topic: t}
              partitions: 20
`, Want: []string{
			`14:15: warning kafka-partitions-cap: trigger 0 reads a topic with 20 partitions, but ScaledObject s-responder may scale to 50; KEDA stops at 20 without allowIdleConsumers`,
		}},
		{Name: "swarm/within the partitions or idle consumers allowed", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: responder
      image: a:1.0
      replicas: {min: 1, max: 50}
      scaling:
        keda:
          triggers:
            - type: kafka
              metadata: {bootstrapServers: k:9092, consumerGroup: g, topic: t}
              partitions: 50
    - name: idle
      image: a:1.0
      replicas: {min: 1, max: 50}
      scaling:
        keda:
          triggers:
            - type: kafka
              metadata: {bootstrapServers: k:9092, consumerGroup: g, topic: t, allowIdleConsumers: true}
              partitions: 10
`},
		{Name: "swarm/suppressed", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: responder
      image: a:1.0
      replicas: {min: 1, max: 50}
      scaling:
        keda:
          triggers:
            - type: kafka
              metadata: {bootstrapServers: k:9092, consumerGroup: g, topic: t}
              partitions: 20
      lint:
        ignore: [{rule: kafka-partitions-cap, reason: the max is shared with a second topic}]
`},
	})
}
