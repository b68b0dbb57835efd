package rules

import (
	"strings"
	"testing"

	"github.com/agentscale/agentscale/internal/lint/linttest"
)

func TestObjectValueOnOwnWorkload(t *testing.T) {
	hpa := func(described, target string) string {
		return `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: scout}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: scout}
  maxReplicas: 20
  metrics:
    - type: Object
      object:
        metric: {name: pending_tasks}
        describedObject: ` + described + `
        target: ` + target + "\n"
	}
	const own = "{apiVersion: apps/v1, kind: Deployment, name: scout}"
	swarm := func(targetType string) string {
		return `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: scout
      image: s:1
      replicas: {min: 1, max: 20}
      metrics: {port: 9090}
      scaling:
        hpa:
          metrics:
            - {name: pending_tasks, type: Object, target: 10` + targetType + `}
`
	}
	linttest.Run(t, ObjectValueOnOwnWorkload, []linttest.Case{
		{Name: "manifest/Value on its own Deployment", Manifest: hpa(own, "{type: Value, value: \"10\"}"), Want: []string{
			`12:18: warning object-value-on-own-workload: metric pending_tasks describes Deployment scout, the HPA's own target, with a Value target: replicas compound with the total; use AverageValue`,
		}},
		{Name: "manifest/AverageValue on its own Deployment", Manifest: hpa(own, "{type: AverageValue, averageValue: \"10\"}")},
		{Name: "manifest/Value on another object", Manifest: hpa("{apiVersion: networking.k8s.io/v1, kind: Ingress, name: front}", "{type: Value, value: \"100\"}")},
		{Name: "manifest/suppressed", Manifest: strings.Replace(hpa(own, "{type: Value, value: \"10\"}"), "metadata: {name: scout}",
			"metadata:\n  name: scout\n  annotations: {agentscale.dev/ignore: object-value-on-own-workload, agentscale.dev/ignore-reason: the metric is a per-replica latency}", 1)},
		{Name: "swarm/an explicit Value", Swarm: swarm(", targetType: Value"), Want: []string{
			`13:63: warning object-value-on-own-workload: metric pending_tasks describes Deployment s-scout, the HPA's own target, with a Value target: replicas compound with the total; use AverageValue`,
		}},
		{Name: "swarm/the default is per replica", Swarm: swarm("")},
	})
}
