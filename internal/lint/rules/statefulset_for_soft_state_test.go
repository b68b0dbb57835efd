package rules

import (
	"testing"

	"github.com/agentscale/agentscale/internal/lint/linttest"
)

func TestStatefulSetForSoftState(t *testing.T) {
	linttest.Run(t, StatefulSetForSoftState, []linttest.Case{
		{Name: "manifest/declared soft state", Manifest: `
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: cache
  annotations: {agentscale.dev/state: soft}
spec:
  serviceName: cache
  template:
    spec: {containers: [{name: app, image: app:1}]}
  volumeClaimTemplates:
    - metadata: {name: data}
      spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
`, Want: []string{
			`2:1: warning statefulset-for-soft-state: StatefulSet cache runs a soft-stateful role; a Deployment fits`,
		}},
		{Name: "manifest/no persistent volume", Manifest: `
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: crawler}
spec:
  serviceName: crawler
  template:
    spec:
      containers: [{name: app, image: app:1}]
      volumes:
        - {name: tmp, emptyDir: {}}
        - name: scratch
          ephemeral:
            volumeClaimTemplate:
              spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
`, Want: []string{
			`2:1: warning statefulset-for-soft-state: StatefulSet crawler has no volumeClaimTemplates or PersistentVolumeClaim volumes; a Deployment fits`,
		}},
		{Name: "manifest/storage or hard state pass", Manifest: `
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  template:
    spec: {containers: [{name: app, image: app:1}]}
  volumeClaimTemplates:
    - metadata: {name: data}
      spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: shared}
spec:
  serviceName: shared
  template:
    spec:
      containers: [{name: app, image: app:1}]
      volumes: [{name: data, persistentVolumeClaim: {claimName: shared}}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: graph}
spec:
  serviceName: graph
  template:
    metadata:
      annotations: {agentscale.dev/state: hard}
    spec: {containers: [{name: app, image: app:1}]}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations: {agentscale.dev/state: soft}
spec:
  template:
    spec: {containers: [{name: app, image: app:1}]}
`},
		{Name: "manifest/stable identity passes", Manifest: `
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: sharder
  annotations: {agentscale.dev/state: soft, agentscale.dev/identity: stable}
spec:
  serviceName: sharder
  template:
    spec: {containers: [{name: app, image: app:1}]}
`},
		{Name: "swarm/stable identity passes", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - {name: sharder, image: a:1.0, state: soft, replicas: 4, stableIdentity: true}
`},
		{Name: "manifest/suppressed", Manifest: `
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: crawler
  annotations:
    agentscale.dev/ignore: statefulset-for-soft-state
    agentscale.dev/ignore-reason: peers address each other by stable pod name
spec:
  serviceName: crawler
  template:
    spec: {containers: [{name: app, image: app:1}]}
`},
		{Name: "swarm/fires at workload", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: cache
      image: a:1.0
      state: soft
      workload: StatefulSet
    - {name: plain, image: a:1.0, workload: StatefulSet}
`, Want: []string{
			`9:7: warning statefulset-for-soft-state: StatefulSet s-cache runs a soft-stateful role; a Deployment fits`,
			`10:35: warning statefulset-for-soft-state: StatefulSet s-plain runs a stateless role; a Deployment fits`,
		}},
		{Name: "swarm/hard state passes", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - {name: graph, image: a:1.0, state: hard, storage: {size: 1Gi, mountPath: /data}}
    - {name: web, image: a:1.0, state: soft}
`},
		{Name: "swarm/suppressed", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: cache
      image: a:1.0
      state: soft
      workload: StatefulSet
      lint:
        ignore: [{rule: statefulset-for-soft-state, reason: peers need stable names}]
`},
	})
}
