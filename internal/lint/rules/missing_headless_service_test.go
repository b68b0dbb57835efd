package rules

import (
	"testing"

	"github.com/agentscale/agentscale/internal/lint/linttest"
)

func TestMissingHeadlessService(t *testing.T) {
	linttest.Run(t, MissingHeadlessService, []linttest.Case{
		{Name: "manifest/fires", Manifest: `
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: graph}
spec:
  serviceName: graph
  template:
    metadata: {labels: {app: graph}}
    spec: {containers: [{name: app, image: app:1}]}
---
apiVersion: v1
kind: Service
metadata: {name: graph}
spec:
  selector: {app: graph}
  ports: [{port: 80}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: kv}
spec:
  serviceName: kv-peers
  template:
    metadata: {labels: {app: kv}}
    spec: {containers: [{name: app, image: app:1}]}
---
apiVersion: v1
kind: Service
metadata: {name: kv-peers}
spec:
  clusterIP: None
  selector: {app: kv-store}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: queue, namespace: agents}
spec:
  serviceName: queue
  template:
    spec: {containers: [{name: app, image: app:1}]}
---
apiVersion: v1
kind: Service
metadata: {name: queue}
spec: {ports: [{port: 80}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: cache}
spec:
  serviceName: cache-peers
  template:
    spec: {containers: [{name: app, image: app:1}]}
`, Want: []string{
			`5:3: warning missing-headless-service: StatefulSet graph names Service graph, which is not headless (clusterIP: None): its pods get no per-pod DNS names`,
			`21:3: warning missing-headless-service: headless Service kv-peers does not select the pods of StatefulSet kv: they get no per-pod DNS names`,
			`37:3: warning missing-headless-service: StatefulSet queue names Service queue, which is not headless (clusterIP: None): its pods get no per-pod DNS names`,
			`50:3: info missing-headless-service: StatefulSet cache names Service cache-peers, which is not in the input`,
		}},
		{Name: "manifest/does not fire", Manifest: `
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: graph, namespace: agents}
spec:
  serviceName: graph-peers
  template:
    metadata: {labels: {app: graph, tier: data}}
    spec: {containers: [{name: app, image: app:1}]}
---
apiVersion: v1
kind: Service
metadata: {name: graph-peers, namespace: agents}
spec:
  clusterIP: None
  selector: {app: graph}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: solo}
spec:
  template:
    spec: {containers: [{name: app, image: app:1}]}
`},
		{Name: "manifest/suppressed", Manifest: `
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: graph
  annotations:
    agentscale.dev/ignore: missing-headless-service
    agentscale.dev/ignore-reason: the Service comes from the platform chart
spec:
  serviceName: graph
  template:
    spec: {containers: [{name: app, image: app:1}]}
`},
		// render always writes <role>-peers for a StatefulSet role; the
		// rule guards render here.
		{Name: "swarm/does not fire", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: graph
      image: graph:1.0
      state: hard
      replicas: 3
      ports: [{name: http, port: 8080}]
      storage: {size: 1Gi, mountPath: /data}
    - name: kv
      image: kv:1.0
      state: hard
      replicas: 3
      peers: {port: 7000}
      storage: {size: 1Gi, mountPath: /data}
`},
		{Name: "swarm/suppressed", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: graph
      image: graph:1.0
      state: hard
      replicas: 3
      storage: {size: 1Gi, mountPath: /data}
      lint:
        ignore: [{rule: missing-headless-service, reason: checks the suppression is accepted}]
`},
	})
}
