package rules

import (
	"strings"
	"testing"

	"github.com/agentscale/agentscale/internal/lint/linttest"
)

func TestScaleToZeroBehindService(t *testing.T) {
	objs := func(min, port string) string {
		return `apiVersion: apps/v1
kind: Deployment
metadata: {name: chat}
spec:
  selector: {matchLabels: {app: chat}}
  template:
    metadata: {labels: {app: chat}}
    spec: {containers: [{name: app, image: app:1}]}
---
apiVersion: v1
kind: Service
metadata: {name: chat}
spec:
  selector: {app: chat}
  ports: [{name: ` + port + `, port: 8080}]
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: chat}
spec:
  scaleTargetRef: {name: chat}
` + min + `  triggers: [{type: rabbitmq, metadata: {queueName: q, mode: QueueLength, value: "5"}}]
`
	}
	linttest.Run(t, ScaleToZeroBehindService, []linttest.Case{
		{Name: "manifest/minReplicaCount 0 behind a Service", Manifest: objs("  minReplicaCount: 0\n", "http"), Want: []string{
			`22:3: warning scale-to-zero-behind-service: ScaledObject chat may scale Deployment chat to zero while Service chat routes requests to it: they fail until a trigger wakes it`,
		}},
		{Name: "manifest/unset is 0", Manifest: objs("", "http"), Want: []string{
			`21:3: warning scale-to-zero-behind-service: ScaledObject chat may scale Deployment chat to zero while Service chat routes requests to it: they fail until a trigger wakes it`,
		}},
		{Name: "manifest/a replica kept", Manifest: objs("  minReplicaCount: 1\n", "http")},
		{Name: "manifest/a metrics-only Service", Manifest: objs("  minReplicaCount: 0\n", "metrics")},
		{Name: "manifest/suppressed", Manifest: strings.Replace(objs("  minReplicaCount: 0\n", "http"), "metadata: {name: chat}\nspec:\n  scaleTargetRef",
			"metadata:\n  name: chat\n  annotations: {agentscale.dev/ignore: scale-to-zero-behind-service, agentscale.dev/ignore-reason: callers retry for minutes}\nspec:\n  scaleTargetRef", 1)},
		{Name: "swarm/a queue worker scaled to zero has only its metrics Service", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: w
      image: w:1
      replicas: {min: 0, max: 5}
      metrics: {port: 9090}
      scaling:
        keda:
          triggers: [{type: rabbitmq, metadata: {queueName: q, mode: QueueLength, value: "5"}, auth: {secret: s, params: {host: host}}}]
`},
	})
}
