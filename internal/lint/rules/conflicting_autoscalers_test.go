package rules

import (
	"testing"

	"github.com/agentscale/agentscale/internal/lint/linttest"
)

const webDeployment = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec: {containers: [{name: app, image: app:1}]}
`

func TestConflictingAutoscalers(t *testing.T) {
	linttest.Run(t, ConflictingAutoscalers, []linttest.Case{
		{Name: "manifest/HPA and ScaledObject", Manifest: webDeployment + `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 10
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: web-queue}
spec:
  scaleTargetRef: {name: web}
  triggers: [{type: cpu, metadata: {value: "60"}}]
`, Want: []string{
			`19:3: error conflicting-autoscalers: ScaledObject web-queue also scales Deployment web, as HorizontalPodAutoscaler web does; the two will fight over its replicas`,
		}},
		{Name: "manifest/the HPA a ScaledObject owns is not a second autoscaler", Manifest: webDeployment + `---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: web}
spec:
  scaleTargetRef: {name: web}
  triggers: [{type: cpu, metadata: {value: "60"}}]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: keda-hpa-web
  ownerReferences: [{apiVersion: keda.sh/v1alpha1, kind: ScaledObject, name: web, uid: 1f6e0d3c-5b1a-4c1e-9a65-0d2b9c1f7e11, controller: true}]
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 10
`},
		{Name: "manifest/an owner that is not in the input does not excuse it", Manifest: webDeployment + `---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: web}
spec:
  scaleTargetRef: {name: web}
  triggers: [{type: cpu, metadata: {value: "60"}}]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: keda-hpa-other
  ownerReferences: [{apiVersion: keda.sh/v1alpha1, kind: ScaledObject, name: other, uid: 1f6e0d3c-5b1a-4c1e-9a65-0d2b9c1f7e12}]
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 10
`, Want: []string{
			`21:3: error conflicting-autoscalers: HorizontalPodAutoscaler keda-hpa-other also scales Deployment web, as ScaledObject web does; the two will fight over its replicas`,
		}},
		{Name: "manifest/autoscaling v1 counts", Manifest: webDeployment + `---
apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata: {name: a}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 10
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: b}
spec:
  maxReplicas: 10
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
`, Want: []string{
			`20:3: error conflicting-autoscalers: HorizontalPodAutoscaler b also scales Deployment web, as HorizontalPodAutoscaler a does; the two will fight over its replicas`,
		}},
		{Name: "manifest/different targets or namespaces", Manifest: webDeployment + `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 10
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: web, namespace: elsewhere}
spec:
  scaleTargetRef: {name: web}
  triggers: [{type: cpu, metadata: {value: "60"}}]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web-sts}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: StatefulSet, name: web}
  maxReplicas: 10
`},
		{Name: "manifest/suppressed", Manifest: webDeployment + `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: a}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 10
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: b
  annotations:
    agentscale.dev/ignore: conflicting-autoscalers
    agentscale.dev/ignore-reason: migration window, a is deleted next release
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 10
`},
		{Name: "swarm/one autoscaler per role", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: web
      image: web:1.0
      replicas: {min: 1, max: 5}
      scaling: {hpa: {cpu: 70}}
`},
	})
}
