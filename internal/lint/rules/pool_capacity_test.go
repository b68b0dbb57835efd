package rules

import (
	"testing"

	"github.com/agentscale/agentscale/internal/lint/linttest"
)

func TestPoolCapacity(t *testing.T) {
	linttest.Run(t, PoolCapacity, []linttest.Case{
		{Name: "manifest/fires on the largest share", Manifest: `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: small
  annotations:
    agentscale.dev/node-pool: general
    agentscale.dev/node-pool-allocatable: cpu=4,memory=16Gi,pods=110
    agentscale.dev/node-pool-max-nodes: "2"
spec:
  replicas: 2
  template:
    spec:
      containers: [{name: app, image: app:1, resources: {requests: {cpu: "1", memory: 1Gi}}}]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: big
  annotations:
    agentscale.dev/node-pool: general
    agentscale.dev/node-pool-allocatable: cpu=4,memory=16Gi,pods=110
    agentscale.dev/node-pool-max-nodes: "2"
spec:
  template:
    spec:
      containers: [{name: app, image: app:1, resources: {requests: {cpu: "1", memory: 1Gi}}}]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: big}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: big}
  minReplicas: 1
  maxReplicas: 7
`, Want: []string{
			`20:5: warning pool-capacity: at max replicas the pods on node pool "general" request 9 cpu, more than its 2 nodes can allocate (8 cpu); the largest share is Deployment big: 7 × 1 cpu`,
		}},
		{Name: "manifest/fits, no max nodes, or placeholder pods do not fire", Manifest: `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    agentscale.dev/node-pool: general
    agentscale.dev/node-pool-allocatable: cpu=4,memory=16Gi
    agentscale.dev/node-pool-max-nodes: "2"
spec:
  replicas: 8
  template:
    spec:
      containers: [{name: app, image: app:1, resources: {requests: {cpu: "1", memory: 4Gi}}}]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: headroom
  annotations:
    agentscale.dev/node-pool: general
    agentscale.dev/node-pool-allocatable: cpu=4,memory=16Gi
    agentscale.dev/node-pool-max-nodes: "2"
spec:
  replicas: 4
  template:
    spec:
      priorityClassName: overprovisioning
      containers: [{name: pause, image: pause:3.10, resources: {requests: {cpu: "2", memory: 1Gi}}}]
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: overprovisioning}
value: -10
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: elsewhere
  annotations:
    agentscale.dev/node-pool: other
    agentscale.dev/node-pool-allocatable: cpu=4,memory=16Gi
spec:
  replicas: 100
  template:
    spec:
      containers: [{name: app, image: app:1, resources: {requests: {cpu: "1", memory: 4Gi}}}]
`},
		{Name: "manifest/pools of one name but another size are other pools", Manifest: `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: dev
  annotations:
    agentscale.dev/node-pool: general
    agentscale.dev/node-pool-allocatable: cpu=4,memory=16Gi
    agentscale.dev/node-pool-max-nodes: "2"
spec:
  replicas: 8
  template:
    spec:
      containers: [{name: app, image: app:1, resources: {requests: {cpu: "1", memory: 1Gi}}}]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: prod
  annotations:
    agentscale.dev/node-pool: general
    agentscale.dev/node-pool-allocatable: cpu=4,memory=16Gi
    agentscale.dev/node-pool-max-nodes: "20"
spec:
  replicas: 8
  template:
    spec:
      containers: [{name: app, image: app:1, resources: {requests: {cpu: "1", memory: 1Gi}}}]
`},
		{Name: "manifest/pods and daemons count", Manifest: `
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  annotations:
    agentscale.dev/node-pool: tiny
    agentscale.dev/node-pool-allocatable: cpu=2,memory=4Gi,pods=3
    agentscale.dev/node-pool-max-nodes: "3"
spec:
  template:
    spec:
      containers: [{name: a, image: a:1, resources: {requests: {cpu: 100m, memory: 100Mi}}}]
---
apiVersion: batch/v1
kind: Job
metadata:
  name: crawl
  annotations:
    agentscale.dev/node-pool: tiny
    agentscale.dev/node-pool-allocatable: cpu=2,memory=4Gi,pods=3
    agentscale.dev/node-pool-max-nodes: "3"
spec:
  parallelism: 7
  template:
    spec:
      containers: [{name: a, image: a:1, resources: {requests: {cpu: 100m, memory: 100Mi}}}]
`, Want: []string{
			`19:5: warning pool-capacity: at max replicas the pods on node pool "tiny" request 10 pods, more than its 3 nodes can allocate (9 pods); the largest share is Job crawl: 7 × 1 pod`,
		}},
		{Name: "manifest/suppressed", Manifest: `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    agentscale.dev/node-pool: general
    agentscale.dev/node-pool-allocatable: cpu=4,memory=16Gi
    agentscale.dev/node-pool-max-nodes: "2"
    agentscale.dev/ignore: pool-capacity
    agentscale.dev/ignore-reason: max replicas is a burst ceiling we accept to queue behind
spec:
  replicas: 20
  template:
    spec:
      containers: [{name: app, image: app:1, resources: {requests: {cpu: "1", memory: 1Gi}}}]
`},
		{Name: "swarm/fires at the role's replicas", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  defaults:
    nodePool: general
    resources: {requests: {cpu: 500m, memory: 1Gi}}
  nodePools:
    - {name: general, allocatable: {cpu: 3800m, memory: 14Gi}, maxNodes: 4}
  roles:
    - name: scout
      image: scout:1.0
      replicas: 4
    - name: responder
      image: responder:1.0
      replicas: {min: 1, max: 30}
      scaling:
        keda:
          triggers: [{type: cpu, metricType: Utilization, metadata: {value: "60"}}]
`, Want: []string{
			`16:7: warning pool-capacity: at max replicas the pods on node pool "general" request 17 cpu, more than its 4 nodes can allocate (15200m cpu); the largest share is Deployment s-responder: 30 × 500m cpu`,
		}},
		{Name: "swarm/fits", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  defaults:
    nodePool: general
    resources: {requests: {cpu: 500m, memory: 1Gi}}
  nodePools:
    - {name: general, allocatable: {cpu: 3800m, memory: 14Gi}, maxNodes: 4}
  headroom: {replicas: 4, resources: {requests: {cpu: "2", memory: 2Gi}}, nodePool: general}
  roles:
    - {name: scout, image: scout:1.0, replicas: 30}
`},
		{Name: "swarm/suppressed", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  defaults:
    nodePool: general
    resources: {requests: {cpu: 500m, memory: 1Gi}}
  nodePools:
    - {name: general, allocatable: {cpu: 3800m, memory: 14Gi}, maxNodes: 4}
  roles:
    - name: scout
      image: scout:1.0
      replicas: 40
      lint:
        ignore: [{rule: pool-capacity, reason: max replicas is a burst ceiling we accept to queue behind}]
`},
	})
}
