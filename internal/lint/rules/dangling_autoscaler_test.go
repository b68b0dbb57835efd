package rules

import (
	"testing"

	"github.com/agentscale/agentscale/internal/lint/linttest"
)

func TestDanglingAutoscaler(t *testing.T) {
	linttest.Run(t, DanglingAutoscaler, []linttest.Case{
		{Name: "manifest/missing target is info in a partial set", Manifest: `
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web, namespace: agents}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 5
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: worker, namespace: agents}
spec:
  scaleTargetRef: {name: worker}
  triggers: [{type: cpu, metricType: Utilization, metadata: {value: "60"}}]
`, Want: []string{
			`5:3: info dangling-autoscaler: HorizontalPodAutoscaler web targets Deployment web, which is not in the input`,
			`12:3: info dangling-autoscaler: ScaledObject worker targets Deployment worker, which is not in the input`,
		}},
		{Name: "manifest/wrong kind, group or namespace warns", Manifest: `
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: db, namespace: agents}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: db}
  maxReplicas: 5
---
apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata: {name: web, namespace: agents}
spec:
  scaleTargetRef: {apiVersion: extensions/v1beta1, kind: Deployment, name: web}
  maxReplicas: 5
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web2, namespace: agents}
spec:
  scaleTargetRef: {kind: Deployment, name: web}
  maxReplicas: 5
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: api, namespace: agents}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  maxReplicas: 5
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: agents}
spec: {serviceName: db, template: {spec: {containers: [{name: db, image: db:1}]}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: agents}
spec: {template: {spec: {containers: [{name: web, image: web:1}]}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: tools}
spec: {template: {spec: {containers: [{name: api, image: api:1}]}}}
`, Want: []string{
			`5:3: warning dangling-autoscaler: HorizontalPodAutoscaler db targets Deployment db (apps/v1), which is not in the input; StatefulSet agents/db (apps/v1) is`,
			`12:3: warning dangling-autoscaler: HorizontalPodAutoscaler web targets Deployment web (extensions/v1beta1), which is not in the input; Deployment agents/web (apps/v1) is`,
			`19:3: warning dangling-autoscaler: HorizontalPodAutoscaler web2 targets Deployment web (no apiVersion: the core group), which is not in the input; Deployment agents/web (apps/v1) is`,
			`26:3: warning dangling-autoscaler: HorizontalPodAutoscaler api targets Deployment api in namespace "agents", but api is in namespace "tools"; a scale target must be in the autoscaler's namespace`,
		}},
		{Name: "manifest/present targets do not fire", Manifest: `
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 5
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: db}
spec:
  scaleTargetRef: {kind: StatefulSet, name: db}
  triggers: [{type: cpu, metricType: Utilization, metadata: {value: "60"}}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: agents}
spec: {template: {spec: {containers: [{name: web, image: web:1}]}}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec: {serviceName: db, template: {spec: {containers: [{name: db, image: db:1}]}}}
`},
		{Name: "manifest/suppressed", Manifest: `
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
  annotations:
    agentscale.dev/ignore: dangling-autoscaler
    agentscale.dev/ignore-reason: the Deployment lives in the app chart
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 5
`},
		// A rendered swarm always holds its autoscalers' targets: the rule
		// guards render as much as people here.
		{Name: "swarm/does not fire", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: web
      image: web:1.0
      resources: {requests: {cpu: 100m, memory: 128Mi}}
      replicas: {min: 1, max: 5}
      scaling: {hpa: {cpu: 70}}
    - name: db
      image: db:1.0
      state: hard
      storage: {size: 1Gi, mountPath: /data}
      replicas: {min: 1, max: 3}
      scaling:
        keda:
          triggers: [{type: cpu, metricType: Utilization, metadata: {value: "60"}}]
`},
		{Name: "swarm/suppressed", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: web
      image: web:1.0
      replicas: {min: 1, max: 5}
      scaling: {hpa: {cpu: 70}}
      lint:
        ignore: [{rule: dangling-autoscaler, reason: checks the suppression is accepted}]
`},
	})
}
