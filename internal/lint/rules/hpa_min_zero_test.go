package rules

import (
	"testing"

	"github.com/agentscale/agentscale/internal/lint/linttest"
)

func TestHPAMinZero(t *testing.T) {
	linttest.Run(t, HPAMinZero, []linttest.Case{
		{Name: "manifest/fires on v2 and v1", Manifest: `
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 0
  maxReplicas: 10
---
apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata: {name: old}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: old}
  maxReplicas: 10
  minReplicas: 0
`, Want: []string{
			`6:3: error hpa-min-zero: HorizontalPodAutoscaler web has minReplicas 0, which needs the HPAScaleToZero feature gate`,
			`15:3: error hpa-min-zero: HorizontalPodAutoscaler old has minReplicas 0, which needs the HPAScaleToZero feature gate`,
		}},
		{Name: "manifest/unset, one, or KEDA zero pass", Manifest: `
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: a}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: a}
  maxReplicas: 10
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: b}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: b}
  minReplicas: 1
  maxReplicas: 10
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: c}
spec:
  scaleTargetRef: {name: c}
  minReplicaCount: 0
  triggers: [{type: kafka, metadata: {topic: t}}]
`},
		{Name: "manifest/suppressed", Manifest: `
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
  annotations:
    agentscale.dev/ignore: hpa-min-zero
    agentscale.dev/ignore-reason: the cluster runs with HPAScaleToZero enabled
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 0
  maxReplicas: 10
  metrics:
    - type: External
      external: {metric: {name: queue}, target: {type: AverageValue, averageValue: "5"}}
`},
		{Name: "swarm/fires at replicas.min", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: web
      image: a:1.0
      replicas: {min: 0, max: 10}
      scaling: {hpa: {cpu: 70}}
`, Want: []string{
			`8:18: error hpa-min-zero: HorizontalPodAutoscaler s-web has minReplicas 0, which needs the HPAScaleToZero feature gate`,
		}},
		{Name: "swarm/KEDA scales to zero", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: q
      image: a:1.0
      replicas: {min: 0, max: 10}
      scaling: {keda: {triggers: [{type: kafka, metadata: {bootstrapServers: k:9092, consumerGroup: g, topic: t}}]}}
    - {name: web, image: a:1.0, replicas: {min: 1, max: 10}, scaling: {hpa: {cpu: 70}}}
`},
		{Name: "swarm/suppressed", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: web
      image: a:1.0
      replicas: {min: 0, max: 10}
      scaling: {hpa: {cpu: 70}}
      lint:
        ignore: [{rule: hpa-min-zero, reason: HPAScaleToZero is on in our clusters}]
`},
	})
}
