package rules

import (
	"testing"

	"github.com/agentscale/agentscale/internal/lint/linttest"
)

// evictionWorkloads are a fixed Deployment (3 replicas) and an autoscaled
// one (HPA min 2), for budgets to select.
const evictionWorkloads = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: fixed}
spec:
  replicas: 3
  template:
    metadata: {labels: {app: fixed}}
    spec: {containers: [{name: app, image: app:1}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: scaled}
spec:
  template:
    metadata: {labels: {app: scaled}}
    spec: {containers: [{name: app, image: app:1}]}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: scaled}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: scaled}
  minReplicas: 2
  maxReplicas: 10
`

func TestPDBBlocksEviction(t *testing.T) {
	linttest.Run(t, PDBBlocksEviction, []linttest.Case{
		{Name: "manifest/always blocking values", Manifest: `
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: zero}
spec:
  maxUnavailable: 0
  selector: {matchLabels: {app: a}}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: zero-percent}
spec:
  maxUnavailable: 0%
  selector: {matchLabels: {app: b}}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: all}
spec:
  minAvailable: 100%
  selector: {matchLabels: {app: c}}
`, Want: []string{
			`5:3: error pdb-blocks-eviction: maxUnavailable 0 allows no eviction at all`,
			`12:3: error pdb-blocks-eviction: maxUnavailable 0% allows no eviction at all`,
			`19:3: error pdb-blocks-eviction: minAvailable 100% allows no eviction at all`,
		}},
		{Name: "manifest/minAvailable at the fewest replicas", Manifest: evictionWorkloads + `---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: fixed}
spec:
  minAvailable: 3
  selector: {matchLabels: {app: fixed}}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: scaled}
spec:
  minAvailable: 67%
  selector: {matchLabels: {app: scaled}}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: both}
spec:
  minAvailable: 5
  selector:
    matchExpressions: [{key: app, operator: In, values: [fixed, scaled]}]
`, Want: []string{
			`30:3: error pdb-blocks-eviction: minAvailable 3 allows no eviction while Deployment fixed runs 3 replicas`,
			`37:3: error pdb-blocks-eviction: minAvailable 67% allows no eviction while Deployment scaled runs 2 replicas`,
			`44:3: error pdb-blocks-eviction: minAvailable 5 allows no eviction while Deployment fixed and Deployment scaled run 5 replicas`,
		}},
		{Name: "manifest/budgets that allow an eviction", Manifest: evictionWorkloads + `---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: fixed}
spec:
  minAvailable: 2
  selector: {matchLabels: {app: fixed}}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: scaled}
spec:
  maxUnavailable: 10%
  selector: {matchLabels: {app: scaled}}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: scaled-min}
spec:
  minAvailable: 50%
  selector: {matchLabels: {app: scaled}}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: elsewhere}
spec:
  minAvailable: 3
  selector: {matchLabels: {app: not-in-input}}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: other-namespace, namespace: other}
spec:
  minAvailable: 3
  selector: {matchLabels: {app: fixed}}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: node-agent}
spec:
  template:
    metadata: {labels: {app: node-agent}}
    spec: {containers: [{name: app, image: app:1}]}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: node-agent}
spec:
  minAvailable: 1
  selector: {matchLabels: {app: node-agent}}
`},
		{Name: "manifest/scale to zero still runs one replica", Manifest: `
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: q}
spec:
  serviceName: q
  template:
    metadata: {labels: {app: q}}
    spec: {containers: [{name: app, image: app:1}]}
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: q}
spec:
  scaleTargetRef: {kind: StatefulSet, name: q}
  maxReplicaCount: 4
  triggers: [{type: kafka, metadata: {topic: t}}]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: q}
spec:
  minAvailable: 1
  selector: {matchLabels: {app: q}}
`, Want: []string{
			`22:3: error pdb-blocks-eviction: minAvailable 1 allows no eviction while StatefulSet q runs 1 replica`,
		}},
		{Name: "manifest/suppressed", Manifest: `
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: zero
  annotations:
    agentscale.dev/ignore: pdb-blocks-eviction
    agentscale.dev/ignore-reason: drained by hand during the quarterly maintenance window
spec:
  maxUnavailable: 0
  selector: {matchLabels: {app: a}}
`},
		{Name: "swarm/fires at disruption", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: fixed
      image: a:1.0
      replicas: 3
      disruption: {minAvailable: 3}
    - name: scaled
      image: a:1.0
      replicas: {min: 2, max: 10}
      scaling: {hpa: {cpu: 70}}
      disruption: {minAvailable: 2}
    - name: never
      image: a:1.0
      replicas: 2
      disruption:
        maxUnavailable: 0
`, Want: []string{
			`9:20: error pdb-blocks-eviction: minAvailable 3 allows no eviction while Deployment s-fixed runs 3 replicas`,
			`14:20: error pdb-blocks-eviction: minAvailable 2 allows no eviction while Deployment s-scaled runs 2 replicas`,
			`19:9: error pdb-blocks-eviction: maxUnavailable 0 allows no eviction at all`,
		}},
		{Name: "swarm/default and safe budgets", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  headroom: {replicas: 2, resources: {requests: {cpu: "1", memory: 1Gi}}}
  roles:
    - {name: web, image: a:1.0, replicas: 3}
    - {name: quorum, image: a:1.0, replicas: 3, disruption: {minAvailable: 2}}
    - {name: graph, image: a:1.0, state: hard, storage: {size: 1Gi, mountPath: /data}}
`},
		{Name: "swarm/suppressed", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: fixed
      image: a:1.0
      replicas: 3
      disruption: {minAvailable: 3}
      lint:
        ignore: [{rule: pdb-blocks-eviction, reason: evicted only by the operator that scales up first}]
`},
	})
}
