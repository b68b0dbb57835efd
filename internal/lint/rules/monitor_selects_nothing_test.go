package rules

import (
	"strings"
	"testing"

	"github.com/agentscale/agentscale/internal/lint/linttest"
)

func TestMonitorSelectsNothing(t *testing.T) {
	const workload = `apiVersion: apps/v1
kind: Deployment
metadata: {name: scout, namespace: agents}
spec:
  selector: {matchLabels: {app: scout}}
  template:
    metadata: {labels: {app: scout}}
    spec:
      containers:
        - name: app
          image: app:1
          ports: [{name: metrics, containerPort: 9090}]
---
apiVersion: v1
kind: Service
metadata: {name: scout, namespace: agents, labels: {app: scout}}
spec:
  selector: {app: scout}
  ports: [{name: metrics, port: 9090}]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: scout, namespace: agents}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: scout}
  minReplicas: 1
  maxReplicas: 10
  metrics:
    - type: Pods
      pods:
        metric: {name: agent_queue_pending_tasks}
        target: {type: AverageValue, averageValue: "10"}
---
`
	sm := func(sel string) string {
		return "apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: scout, namespace: agents}\nspec:\n  selector: {matchLabels: " + sel + "}\n  endpoints: [{port: metrics}]\n"
	}
	pm := "apiVersion: monitoring.coreos.com/v1\nkind: PodMonitor\nmetadata: {name: scout, namespace: agents}\nspec:\n  selector: {matchLabels: {app: scuot}}\n  podMetricsEndpoints: [{port: metrics}]\n"
	noHPA := workload[:strings.Index(workload, "apiVersion: autoscaling/v2")]
	linttest.Run(t, MonitorSelectsNothing, []linttest.Case{
		{Name: "manifest/a ServiceMonitor with a misspelt label", Manifest: workload + sm("{app: scuot}"), Want: []string{
			`38:3: warning monitor-selects-nothing: ServiceMonitor scout selects no Service in the input (selector "app=scuot"), so nothing scrapes Deployment agents/scout, whose HorizontalPodAutoscaler scout scales on Pods metric "agent_queue_pending_tasks"`,
		}},
		{Name: "manifest/a PodMonitor with a misspelt label", Manifest: workload + pm, Want: []string{
			`38:3: warning monitor-selects-nothing: PodMonitor scout selects no pod in the input (selector "app=scuot"), so nothing scrapes Deployment agents/scout, whose HorizontalPodAutoscaler scout scales on Pods metric "agent_queue_pending_tasks"`,
		}},
		{Name: "manifest/a monitor that selects the Service passes", Manifest: workload + sm("{app: scout}")},
		{Name: "manifest/another monitor scrapes the pods", Manifest: workload + sm("{app: scout}") + "---\n" + pm},
		{Name: "manifest/no HPA needs the metric", Manifest: noHPA + sm("{app: scuot}")},
		{Name: "manifest/suppressed", Manifest: workload + strings.Replace(sm("{app: scuot}"), "metadata: {name: scout, namespace: agents}",
			"metadata:\n  name: scout\n  namespace: agents\n  annotations: {agentscale.dev/ignore: monitor-selects-nothing, agentscale.dev/ignore-reason: the Service comes from another chart}", 1)},
		{Name: "swarm/rendered monitors select their Services", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: scout
      image: a:1
      ports: [{name: http, port: 8080}]
      metrics: {port: 9090}
      replicas: {min: 1, max: 5}
      scaling: {hpa: {metrics: [{name: agent_queue_pending_tasks, type: Pods, target: 10}]}}
`},
	})
}
