package rules

import (
	"testing"

	"github.com/agentscale/agentscale/internal/lint/linttest"
)

// utilizationTargetPods is a Deployment whose app requests cpu and memory and whose
// proxy requests neither.
const utilizationTargetPods = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
        - name: app
          image: app:1
          resources: {requests: {cpu: 100m, memory: 128Mi}}
        - name: proxy
          image: proxy:1
`

func TestHPAUtilizationWithoutRequest(t *testing.T) {
	linttest.Run(t, HPAUtilizationWithoutRequest, []linttest.Case{
		{Name: "manifest/a LimitRange that fills the request in is an info", Manifest: utilizationTargetPods + `---
apiVersion: v1
kind: LimitRange
metadata: {name: defaults}
spec:
  limits: [{type: Container, defaultRequest: {cpu: 100m}}]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 10
  metrics:
    - type: Resource
      resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
`, Want: []string{
			`27:7: info hpa-utilization-without-request: metric 0 targets cpu utilization of Deployment web, whose containers request no cpu of their own; LimitRange defaults gives them 100m`,
		}},
		{Name: "manifest/HPA resource metric", Manifest: utilizationTargetPods + `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 10
  metrics:
    - type: Resource
      resource: {name: memory, target: {type: AverageValue, averageValue: 100Mi}}
    - type: Resource
      resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
`, Want: []string{
			`23:7: error hpa-utilization-without-request: metric 1 targets cpu utilization of Deployment web, but container "proxy" requests no cpu`,
		}},
		{Name: "manifest/container resource metric names the container", Manifest: utilizationTargetPods + `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: app}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 10
  metrics:
    - type: ContainerResource
      containerResource: {name: cpu, container: app, target: {type: Utilization, averageUtilization: 70}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: proxy}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 10
  metrics:
    - type: ContainerResource
      containerResource: {name: memory, container: proxy, target: {type: Utilization, averageUtilization: 70}}
`, Want: []string{
			`31:7: error hpa-utilization-without-request: metric 0 targets memory utilization of Deployment web, but container "proxy" requests no memory`,
		}},
		{Name: "manifest/default metric and autoscaling v1", Manifest: `
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: data}
spec:
  template:
    spec:
      initContainers:
        - {name: migrate, image: m:1}
        - {name: sidecar, image: s:1, restartPolicy: Always}
      containers:
        - {name: db, image: db:1, resources: {requests: {cpu: "0"}}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: db, namespace: data}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: StatefulSet, name: db}
  maxReplicas: 3
---
apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata: {name: db-v1, namespace: data}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: StatefulSet, name: db}
  maxReplicas: 3
  targetCPUUtilizationPercentage: 60
`, Want: []string{
			`16:1: error hpa-utilization-without-request: the default metric targets cpu utilization of StatefulSet db, but containers "sidecar" and "db" request no cpu`,
			`26:3: error hpa-utilization-without-request: targetCPUUtilizationPercentage targets cpu utilization of StatefulSet db, but containers "sidecar" and "db" request no cpu`,
		}},
		{Name: "manifest/KEDA cpu and memory triggers", Manifest: utilizationTargetPods + `---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: web}
spec:
  scaleTargetRef: {name: web}
  triggers:
    - {type: cpu, metricType: Utilization, metadata: {value: "60"}}
    - {type: memory, metricType: AverageValue, metadata: {value: 200Mi}}
    - {type: memory, metricType: Utilization, metadata: {value: "80"}}
    - {type: cpu, metricType: Utilization, metadata: {value: "60", containerName: app}}
    - {type: kafka, metadata: {topic: t}}
`, Want: []string{
			`20:7: error hpa-utilization-without-request: trigger 0 targets cpu utilization of Deployment web, but container "proxy" requests no cpu`,
			`22:7: error hpa-utilization-without-request: trigger 2 targets memory utilization of Deployment web, but container "proxy" requests no memory`,
		}},
		{Name: "manifest/requests, limits and pod-level requests pass", Manifest: `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      resources: {requests: {memory: 1Gi}}
      containers:
        - {name: app, image: app:1, resources: {requests: {cpu: 100m}}}
        - {name: proxy, image: p:1, resources: {limits: {cpu: 100m}}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 10
  metrics:
    - {type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}}
    - {type: Resource, resource: {name: memory, target: {type: Utilization, averageUtilization: 70}}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: elsewhere}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: not-in-input}
  maxReplicas: 10
`},
		{Name: "manifest/suppressed", Manifest: utilizationTargetPods + `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
  annotations:
    agentscale.dev/ignore: hpa-utilization-without-request
    agentscale.dev/ignore-reason: a mutating webhook injects the proxy's requests
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 10
  metrics:
    - {type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}}
`},
		{Name: "swarm/fires at the target", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: web
      image: web:1.0
      resources: {requests: {cpu: 100m}}
      replicas: {min: 1, max: 5}
      scaling:
        hpa: {cpu: 70, memory: 80}
    - name: worker
      image: worker:1.0
      replicas: {min: 1, max: 5}
      scaling:
        keda:
          triggers:
            - {type: cpu, metricType: Utilization, metadata: {value: "50"}}
`, Want: []string{
			`11:24: error hpa-utilization-without-request: metric 1 targets memory utilization of Deployment s-web, but container "web" requests no memory`,
			`18:15: error hpa-utilization-without-request: trigger 0 targets cpu utilization of Deployment s-worker, but container "worker" requests no cpu`,
		}},
		{Name: "swarm/requests from defaults", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  defaults:
    resources: {requests: {cpu: 100m, memory: 128Mi}}
  roles:
    - name: web
      image: web:1.0
      replicas: {min: 1, max: 5}
      scaling: {hpa: {cpu: 70, memory: 80}}
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
        ignore: [{rule: hpa-utilization-without-request, reason: a LimitRange sets requests}]
`},
	})
}
