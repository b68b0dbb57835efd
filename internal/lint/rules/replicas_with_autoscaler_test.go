package rules

import (
	"testing"

	"github.com/agentscale/agentscale/internal/lint/linttest"
)

func TestReplicasWithAutoscaler(t *testing.T) {
	linttest.Run(t, ReplicasWithAutoscaler, []linttest.Case{
		{Name: "manifest/read back from a cluster", Manifest: `
apiVersion: v1
kind: List
items:
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web, uid: 6c1f0e3a-0000-4000-8000-000000000001, resourceVersion: "4711"}
    spec:
      replicas: 7
      template:
        spec: {containers: [{name: app, image: app:1}]}
  - apiVersion: autoscaling/v2
    kind: HorizontalPodAutoscaler
    metadata: {name: web, uid: 6c1f0e3a-0000-4000-8000-000000000002, resourceVersion: "4712"}
    spec:
      scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
      maxReplicas: 10
`},
		{Name: "manifest/fires", Manifest: `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  template:
    spec: {containers: [{name: app, image: app:1}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 0
  template:
    spec: {containers: [{name: app, image: app:1}]}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 10
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: db}
spec:
  scaleTargetRef: {kind: StatefulSet, name: db}
  triggers: [{type: kafka, metadata: {topic: t}}]
`, Want: []string{
			`5:3: warning replicas-with-autoscaler: Deployment web sets replicas: 3, but HorizontalPodAutoscaler web owns its replica count; every apply resets it`,
			`14:3: warning replicas-with-autoscaler: StatefulSet db sets replicas: 0, but ScaledObject db owns its replica count; every apply resets it`,
		}},
		{Name: "manifest/no autoscaler, or none set", Manifest: `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  template:
    spec: {containers: [{name: app, image: app:1}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: prod}
spec:
  template:
    spec: {containers: [{name: app, image: app:1}]}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: api, namespace: prod}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  maxReplicas: 10
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web, namespace: prod}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 10
`},
		{Name: "manifest/suppressed", Manifest: `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    agentscale.dev/ignore: replicas-with-autoscaler
    agentscale.dev/ignore-reason: applied with server-side apply; the HPA owns the field
spec:
  replicas: 3
  template:
    spec: {containers: [{name: app, image: app:1}]}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 10
`},
		// A swarm cannot fire: render leaves replicas out for autoscaled roles.
		{Name: "swarm/autoscaled roles render no replicas", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - {name: web, image: a:1.0, replicas: {min: 2, max: 10}, scaling: {hpa: {cpu: 70}}}
    - name: q
      image: a:1.0
      replicas: {min: 0, max: 10}
      scaling: {keda: {triggers: [{type: kafka, metadata: {bootstrapServers: k:9092, consumerGroup: g, topic: t}}]}}
    - {name: fixed, image: a:1.0, replicas: 3}
`},
		{Name: "swarm/suppression is accepted", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: web
      image: a:1.0
      replicas: {min: 2, max: 10}
      scaling: {hpa: {cpu: 70}}
      lint:
        ignore: [{rule: replicas-with-autoscaler, reason: kept while migrating old manifests}]
`},
	})
}
