package rules

import (
	"testing"

	"github.com/agentscale/agentscale/internal/lint/linttest"
)

func TestMissingPDB(t *testing.T) {
	linttest.Run(t, MissingPDB, []linttest.Case{
		{Name: "manifest/fires", Manifest: `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: agents}
spec:
  replicas: 3
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: app, image: app:1}]}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web, namespace: other}
spec:
  maxUnavailable: 1
  selector: {matchLabels: {app: web}}
`, Want: []string{
			`1:1: warning missing-pdb: Deployment web runs up to 3 replicas and no PodDisruptionBudget selects its pods`,
		}},
		{Name: "manifest/covered by a PDB in the same namespace", Manifest: `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  template:
    metadata: {labels: {app: web, tier: front}}
    spec: {containers: [{name: app, image: app:1}]}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web}
spec:
  maxUnavailable: 1
  selector:
    matchExpressions: [{key: tier, operator: In, values: [front]}]
`},
		{Name: "manifest/autoscaled workload needs one", Manifest: `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: app, image: app:1}]}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 1
  maxReplicas: 10
`, Want: []string{
			`1:1: warning missing-pdb: Deployment web runs up to 10 replicas and no PodDisruptionBudget selects its pods`,
		}},
		{Name: "manifest/hard state is an error", Manifest: `
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: graph
  annotations: {agentscale.dev/state: hard}
spec:
  replicas: 3
  serviceName: graph
  template:
    metadata: {labels: {app: graph}}
    spec: {containers: [{name: app, image: app:1}]}
`, Want: []string{
			`1:1: error missing-pdb: StatefulSet graph runs up to 3 replicas and no PodDisruptionBudget selects its pods`,
		}},
		{Name: "manifest/single replica and headroom pass", Manifest: `
apiVersion: apps/v1
kind: Deployment
metadata: {name: solo}
spec:
  template:
    spec: {containers: [{name: app, image: app:1}]}
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: headroom}
value: -10
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: headroom}
spec:
  replicas: 4
  template:
    spec:
      priorityClassName: headroom
      containers: [{name: pause, image: pause:3.9}]
`},
		{Name: "manifest/suppressed", Manifest: `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    agentscale.dev/ignore: missing-pdb
    agentscale.dev/ignore-reason: batch workers, restarts are harmless
spec:
  replicas: 3
  template:
    spec: {containers: [{name: app, image: app:1}]}
`},
		{Name: "swarm/disruption false", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: web
      image: web:1.0
      replicas: 3
      disruption: false
`, Want: []string{
			`9:7: warning missing-pdb: Deployment s-web runs up to 3 replicas and no PodDisruptionBudget selects its pods`,
		}},
		{Name: "swarm/default disruption is a PDB", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - {name: web, image: web:1.0, replicas: 3}
`},
		{Name: "swarm/suppressed", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: web
      image: web:1.0
      replicas: 3
      disruption: false
      lint:
        ignore: [{rule: missing-pdb, reason: stateless crawler; losing all pods costs one retry}]
`},
	})
}
