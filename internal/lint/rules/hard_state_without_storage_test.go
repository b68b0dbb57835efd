package rules

import (
	"testing"

	"github.com/agentscale/agentscale/internal/lint/linttest"
)

func TestHardStateWithoutStorage(t *testing.T) {
	linttest.Run(t, HardStateWithoutStorage, []linttest.Case{
		{Name: "manifest/fires at the state annotation", Manifest: `
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: graph
  annotations: {agentscale.dev/state: hard}
spec:
  serviceName: graph
  template:
    spec:
      containers: [{name: app, image: app:1}]
      volumes: [{name: tmp, emptyDir: {}}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ledger}
spec:
  template:
    metadata:
      annotations:
        agentscale.dev/state: hard
    spec: {containers: [{name: app, image: app:1}]}
`, Want: []string{
			`5:17: error hard-state-without-storage: StatefulSet graph is hard-stateful but has no persistent volume: its state is lost whenever a pod is replaced`,
			`20:9: error hard-state-without-storage: Deployment ledger is hard-stateful but has no persistent volume: its state is lost whenever a pod is replaced`,
		}},
		{Name: "manifest/claims, PVC volumes or unknown state pass", Manifest: `
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: graph
  annotations: {agentscale.dev/state: hard}
spec:
  serviceName: graph
  template:
    spec: {containers: [{name: app, image: app:1}]}
  volumeClaimTemplates:
    - metadata: {name: data}
      spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ledger
  annotations: {agentscale.dev/state: hard}
spec:
  template:
    spec:
      containers: [{name: app, image: app:1}]
      volumes: [{name: data, persistentVolumeClaim: {claimName: ledger}}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: unknown}
spec:
  serviceName: unknown
  template:
    spec: {containers: [{name: app, image: app:1}]}
`},
		{Name: "manifest/suppressed", Manifest: `
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: graph
  annotations:
    agentscale.dev/state: hard
    agentscale.dev/ignore: hard-state-without-storage
    agentscale.dev/ignore-reason: replicated in memory across peers; a restart resyncs
spec:
  serviceName: graph
  template:
    spec: {containers: [{name: app, image: app:1}]}
`},
		{Name: "swarm/validate refuses hard state without storage first", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: graph
      image: a:1.0
      state: hard
`, Want: []string{
			`8:14: error invalid-swarm: roles[0].state: a hard-stateful role needs storage (size and mountPath), its own disk: without one its state is lost whenever a pod is replaced; use state: soft if the state can be rebuilt from an external store (with stableIdentity: true if the agents need stable names, e.g. to shard by ordinal)`,
		}},
		{Name: "swarm/storage passes", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - {name: graph, image: a:1.0, state: hard, storage: {size: 1Gi, mountPath: /data}}
`},
		{Name: "swarm/suppressed: a stable identity without a disk is state soft on a StatefulSet", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: graph
      image: a:1.0
      state: soft
      workload: StatefulSet
      lint:
        ignore: [{rule: hard-state-without-storage, reason: peers find each other by stable name; state is replicated}]
`},
	})
}
