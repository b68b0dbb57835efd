package rules

import (
	"strings"
	"testing"

	"github.com/agentscale/agentscale/internal/lint/linttest"
)

func TestVPAFightsHPA(t *testing.T) {
	const dep = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec: {containers: [{name: app, image: app:1, resources: {requests: {cpu: 250m, memory: 512Mi}}}]}
---
`
	hpa := func(metric string) string {
		return "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  maxReplicas: 10\n  metrics: [" + metric + "]\n---\n"
	}
	cpu := "{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}}"
	vpa := func(spec string) string {
		return "apiVersion: autoscaling.k8s.io/v1\nkind: VerticalPodAutoscaler\nmetadata: {name: web}\nspec:\n  targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n" + spec
	}
	linttest.Run(t, VPAFightsHPA, []linttest.Case{
		{Name: "manifest/default mode on the HPA's resource", Manifest: dep + hpa(cpu) + vpa(""), Want: []string{
			`20:3: error vpa-fights-hpa: VerticalPodAutoscaler web rewrites the cpu requests of Deployment web's running pods, which HorizontalPodAutoscaler web scales on: the two fight`,
		}},
		{Name: "manifest/Recreate", Manifest: dep + hpa(cpu) + vpa("  updatePolicy: {updateMode: Recreate}\n"), Want: []string{
			`21:18: error vpa-fights-hpa: VerticalPodAutoscaler web rewrites the cpu requests of Deployment web's running pods, which HorizontalPodAutoscaler web scales on: the two fight`,
		}},
		{Name: "manifest/a KEDA memory trigger", Manifest: dep +
			"apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {name: web}\n  triggers: [{type: memory, metricType: Utilization, metadata: {value: \"70\"}}]\n---\n" +
			vpa("  updatePolicy: {updateMode: Auto}\n"), Want: []string{
			`20:18: error vpa-fights-hpa: VerticalPodAutoscaler web rewrites the memory requests of Deployment web's running pods, which ScaledObject web scales on: the two fight`,
		}},
		{Name: "manifest/Off and Initial leave running pods alone", Manifest: dep + hpa(cpu) + vpa("  updatePolicy: {updateMode: \"Off\"}\n") + "---\n" +
			strings.Replace(vpa("  updatePolicy: {updateMode: Initial}\n"), "name: web}\nspec", "name: web2}\nspec", 1)},
		{Name: "manifest/the VPA owns memory only", Manifest: dep + hpa(cpu) + vpa("  resourcePolicy:\n    containerPolicies: [{containerName: \"*\", controlledResources: [memory]}]\n")},
		{Name: "manifest/the container is off", Manifest: dep + hpa(cpu) + vpa("  resourcePolicy:\n    containerPolicies: [{containerName: \"*\", mode: \"Off\"}]\n")},
		{Name: "manifest/an HPA on a custom metric", Manifest: dep + hpa("{type: Pods, pods: {metric: {name: q}, target: {type: AverageValue, averageValue: \"10\"}}}") + vpa("")},
		{Name: "manifest/suppressed", Manifest: dep + hpa(cpu) + strings.Replace(vpa(""), "metadata: {name: web}",
			"metadata:\n  name: web\n  annotations: {agentscale.dev/ignore: vpa-fights-hpa, agentscale.dev/ignore-reason: migration in progress}", 1)},
		{Name: "swarm/a swarm renders no VPA", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: a
      image: a:1
      replicas: {min: 1, max: 5}
      scaling: {hpa: {cpu: 70}}
`},
	})
}
