package rules

import (
	"testing"

	"github.com/agentscale/agentscale/internal/lint/linttest"
)

// hpaOn is an HPA on Deployment web with one Pods metric and one Object
// metric about the Deployment itself, after a cpu target.
const hpaOn = `
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 5
  metrics:
    - type: Resource
      resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
    - type: Pods
      pods: {metric: {name: tasks_in_flight}, target: {type: AverageValue, averageValue: "5"}}
    - type: Object
      object:
        describedObject: {apiVersion: apps/v1, kind: Deployment, name: web}
        metric: {name: queue_depth}
        target: {type: Value, value: "100"}
    - type: Object
      object:
        describedObject: {apiVersion: networking.k8s.io/v1, kind: Ingress, name: web}
        metric: {name: requests_per_second}
        target: {type: Value, value: "100"}
    - type: External
      external: {metric: {name: sqs_depth}, target: {type: Value, value: "10"}}
---`

func TestCustomMetricWithoutEndpoint(t *testing.T) {
	linttest.Run(t, CustomMetricWithoutEndpoint, []linttest.Case{
		{Name: "manifest/fires without any port", Manifest: hpaOn + `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers: [{name: app, image: app:1}]
`, Want: []string{
			`10:7: warning custom-metric-without-endpoint: HorizontalPodAutoscaler web scales on Pods metric "tasks_in_flight", but Deployment web exposes no metrics port and no ServiceMonitor or PodMonitor in the input scrapes it`,
			`12:7: warning custom-metric-without-endpoint: HorizontalPodAutoscaler web scales on Object metric "queue_depth", but Deployment web exposes no metrics port and no ServiceMonitor or PodMonitor in the input scrapes it`,
		}},
		{Name: "manifest/other ports may be scraped from elsewhere", Manifest: hpaOn + `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers: [{name: app, image: app:1, ports: [{name: http, containerPort: 8080}]}]
`},
		{Name: "manifest/a ServiceMonitor scrapes the pods", Manifest: hpaOn + `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: agents}
spec:
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: app, image: app:1}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: agents, labels: {team: a}}
spec: {selector: {app: web}, ports: [{port: 8080}]}
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: web, namespace: monitoring}
spec:
  namespaceSelector: {matchNames: [agents]}
  selector: {matchLabels: {team: a}}
  endpoints: [{targetPort: 8080}]
`},
		{Name: "manifest/a PodMonitor in another namespace does not scrape the pods", Manifest: hpaOn + `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: app, image: app:1}]
---
apiVersion: monitoring.coreos.com/v1
kind: PodMonitor
metadata: {name: web, namespace: monitoring}
spec:
  selector: {matchLabels: {app: web}}
  podMetricsEndpoints: [{port: http}]
`, Want: []string{
			`10:7: warning custom-metric-without-endpoint: HorizontalPodAutoscaler web scales on Pods metric "tasks_in_flight", but Deployment web exposes no metrics port and no ServiceMonitor or PodMonitor in the input scrapes it`,
			`12:7: warning custom-metric-without-endpoint: HorizontalPodAutoscaler web scales on Object metric "queue_depth", but Deployment web exposes no metrics port and no ServiceMonitor or PodMonitor in the input scrapes it`,
		}},
		{Name: "manifest/scrape annotations count", Manifest: hpaOn + `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    metadata: {annotations: {prometheus.io/scrape: "true"}}
    spec:
      containers: [{name: app, image: app:1}]
`},
		{Name: "manifest/suppressed", Manifest: `
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
  annotations:
    agentscale.dev/ignore: custom-metric-without-endpoint
    agentscale.dev/ignore-reason: the adapter reads the metric from the pushgateway
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 5
  metrics:
    - type: Pods
      pods: {metric: {name: tasks_in_flight}, target: {type: AverageValue, averageValue: "5"}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers: [{name: app, image: app:1}]
`},
		{Name: "swarm/fires at the metric", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: scout
      image: scout:1.0
      ports: [{name: http, port: 8080}]
      resources: {requests: {cpu: 100m, memory: 128Mi}}
      replicas: {min: 1, max: 10}
      scaling:
        hpa:
          cpu: 70
          metrics:
            - {name: sqs_depth, type: External, target: 10}
            - {name: tasks_in_flight, type: Pods, target: 5}
`, Want: []string{
			`16:15: warning custom-metric-without-endpoint: HorizontalPodAutoscaler s-scout scales on Pods metric "tasks_in_flight", but Deployment s-scout has no port named metrics and no ServiceMonitor or PodMonitor in the input scrapes it`,
		}},
		{Name: "swarm/metrics port does not fire", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: scout
      image: scout:1.0
      metrics: {port: 9090}
      replicas: {min: 1, max: 10}
      scaling:
        hpa:
          metrics: [{name: queue_depth, type: Object, target: 10}]
`},
		{Name: "swarm/suppressed", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: scout
      image: scout:1.0
      replicas: {min: 1, max: 10}
      scaling:
        hpa:
          metrics: [{name: queue_depth, type: Object, target: 10}]
      lint:
        ignore: [{rule: custom-metric-without-endpoint, reason: the adapter reads the metric from the pushgateway}]
`},
	})
}
