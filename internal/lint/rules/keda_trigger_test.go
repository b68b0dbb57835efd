package rules

import (
	"testing"

	"github.com/agentscale/agentscale/internal/lint/linttest"
)

func TestKEDATrigger(t *testing.T) {
	linttest.Run(t, KEDATrigger, []linttest.Case{
		{Name: "manifest/typos KEDA ignores or refuses", Manifest: `
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: worker}
spec:
  scaleTargetRef: {name: worker}
  triggers:
    - type: kafka
      metadata: {bootstrapServers: k:9092, consumerGroup: g, topic: t, lagTreshold: "500"}
    - type: kafak
      metadata: {topic: t}
    - type: rabbitmq
      metadata: {queueName: q, mode: QueueLenght, value: "5", host: "amqp://mq"}
    - type: cron
      metadata: {timezone: Mars/Olympus, start: "*/0 * * * *", end: "0 9 * * *", desiredReplicas: "2"}
    - type: prometheus
      metadata: {serverAddress: "http://p:9090", query: up, threshold: ten}
`, Want: []string{
			`8:72: error keda-trigger: trigger 0 (kafka): KEDA's kafka scaler reads no "lagTreshold" from trigger metadata, and ignores it: did you mean "lagThreshold"?`,
			`9:7: error keda-trigger: trigger 1 (kafak): KEDA v2.21.0 has no "kafak" scaler (did you mean "kafka"?)`,
			`12:32: error keda-trigger: trigger 2 (rabbitmq): "QueueLenght" is not one of QueueLength, MessageRate, DeliverGetRate, PublishedToDeliveredRatio, ExpectedQueueConsumptionTime (did you mean "QueueLength"?)`,
			`14:18: error keda-trigger: trigger 3 (cron): "Mars/Olympus" is not an IANA timezone (e.g. Europe/Paris, America/New_York, UTC)`,
			`14:42: error keda-trigger: trigger 3 (cron): "*/0 * * * *": step of range should be a positive number: */0`,
			`16:61: error keda-trigger: trigger 4 (prometheus): "ten" is not a number`,
		}},
		{Name: "manifest/parameters of a TriggerAuthentication in the input count", Manifest: `
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: worker}
spec:
  scaleTargetRef: {name: worker}
  triggers:
    - type: rabbitmq
      metadata: {queueName: q}
      authenticationRef: {name: mq}
---
apiVersion: keda.sh/v1alpha1
kind: TriggerAuthentication
metadata: {name: mq}
spec:
  secretTargetRef: [{parameter: host, name: mq, key: url}, {parameter: lagThreshold, name: mq, key: x}]
`, Want: []string{
			`9:7: error keda-trigger: trigger 0 (rabbitmq): KEDA's rabbitmq scaler reads no "lagThreshold" from authentication parameters, and ignores it`,
		}},
		{Name: "manifest/a TriggerAuthentication elsewhere may supply what it can", Manifest: `
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: worker}
spec:
  scaleTargetRef: {name: worker}
  triggers:
    - type: rabbitmq
      metadata: {queueName: q}
      authenticationRef: {name: mq}
    - type: rabbitmq
      metadata: {queueName: q}
`, Want: []string{
			`11:7: error keda-trigger: trigger 1 (rabbitmq): a rabbitmq trigger needs "host": put it in metadata, name a container variable in hostFromEnv or name a Secret key in auth.params`,
		}},
		{Name: "manifest/FromEnv names a variable of the scale target", Manifest: `
apiVersion: apps/v1
kind: Deployment
metadata: {name: worker}
spec:
  selector: {matchLabels: {app: w}}
  template:
    metadata: {labels: {app: w}}
    spec: {containers: [{name: w, image: w:1, env: [{name: KAFKA_BROKERS, value: "k:9092"}]}]}
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: worker}
spec:
  scaleTargetRef: {name: worker}
  triggers:
    - type: kafka
      metadata: {bootstrapServersFromEnv: KAFKA_BROKERS, consumerGroupFromEnv: GROUP}
`, Want: []string{
			`17:58: error keda-trigger: trigger 0 (kafka): no container defines environment variable "GROUP", from which KEDA reads consumerGroup`,
		}},
		{Name: "manifest/suppressed", Manifest: `
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: worker
  annotations:
    agentscale.dev/ignore: keda-trigger
    agentscale.dev/ignore-reason: our KEDA fork reads lagTreshold
spec:
  scaleTargetRef: {name: worker}
  triggers:
    - type: kafka
      metadata: {bootstrapServers: k:9092, consumerGroup: g, topic: t, lagTreshold: "500"}
`},
		{Name: "swarm/validate refuses these first: nothing to report", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: a
      image: a:1
      replicas: {min: 1, max: 3}
      scaling: {keda: {triggers: [{type: kafka, metadata: {bootstrapServers: "k:9092", consumerGroup: g, topic: t}}]}}
`},
	})
}
