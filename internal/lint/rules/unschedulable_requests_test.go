package rules

import (
	"testing"

	"github.com/agentscale/agentscale/internal/lint/linttest"
)

func TestUnschedulableRequests(t *testing.T) {
	linttest.Run(t, UnschedulableRequests, []linttest.Case{
		{Name: "manifest/fires", Manifest: `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: trainer
  annotations:
    agentscale.dev/node-pool: general
    agentscale.dev/node-pool-allocatable: cpu=3800m,memory=14Gi
spec:
  template:
    spec:
      containers:
        - name: app
          image: app:1
          resources:
            requests: {cpu: "2", memory: 8Gi}
        - name: loader
          image: loader:1
          resources:
            requests: {cpu: "2"}
            limits: {memory: 8Gi}
`, Want: []string{
			`15:24: error unschedulable-requests: pods of Deployment trainer request 4 cpu and 16Gi memory, more than a node of pool "general" can allocate (3800m cpu, 14Gi memory)`,
		}},
		{Name: "manifest/init container and limit-only request", Manifest: `
apiVersion: batch/v1
kind: Job
metadata: {name: migrate}
spec:
  template:
    metadata:
      annotations:
        agentscale.dev/node-pool: small
        agentscale.dev/node-pool-allocatable: "cpu=1900m, memory=7Gi"
    spec:
      initContainers:
        - name: warm
          image: warm:1
          resources: {limits: {memory: 9Gi}}
      containers:
        - {name: app, image: app:1, resources: {requests: {cpu: 500m, memory: 1Gi}}}
`, Want: []string{
			`14:32: error unschedulable-requests: pods of Job migrate request 9Gi memory, more than a node of pool "small" can allocate (7Gi memory)`,
		}},
		{Name: "manifest/fits or pool unknown does not fire", Manifest: `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: fits
  annotations:
    agentscale.dev/node-pool: general
    agentscale.dev/node-pool-allocatable: cpu=3800m,memory=14Gi
spec:
  template:
    spec:
      containers:
        - {name: app, image: app:1, resources: {requests: {cpu: 3800m, memory: 14Gi, nvidia.com/gpu: "1"}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: unknown-pool}
spec:
  template:
    spec:
      containers:
        - {name: app, image: app:1, resources: {requests: {cpu: "64", memory: 512Gi}}}
`},
		{Name: "manifest/suppressed", Manifest: `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: big
  annotations:
    agentscale.dev/node-pool: general
    agentscale.dev/node-pool-allocatable: cpu=3800m,memory=14Gi
    agentscale.dev/ignore: unschedulable-requests
    agentscale.dev/ignore-reason: the pool's instance type is changing to m6i.2xlarge this week
spec:
  template:
    spec:
      containers:
        - {name: app, image: app:1, resources: {requests: {cpu: "6", memory: 1Gi}}}
`},
		{Name: "swarm/fires at resources", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  nodePools:
    - {name: general, allocatable: {cpu: 3800m, memory: 14Gi}, maxNodes: 10}
  roles:
    - name: trainer
      image: trainer:1.0
      nodePool: general
      replicas: 1
      resources:
        requests: {cpu: "6", memory: 8Gi}
`, Want: []string{
			`12:7: error unschedulable-requests: pods of Deployment s-trainer request 6 cpu, more than a node of pool "general" can allocate (3800m cpu)`,
		}},
		{Name: "swarm/defaults fit", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  defaults:
    nodePool: general
    resources: {requests: {cpu: 250m, memory: 512Mi}}
  nodePools:
    - {name: general, allocatable: {cpu: 3800m, memory: 14Gi}, maxNodes: 10}
  roles:
    - {name: web, image: web:1.0, replicas: 2}
`},
		{Name: "swarm/suppressed", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  nodePools:
    - {name: general, allocatable: {cpu: 3800m, memory: 14Gi}, maxNodes: 10}
  roles:
    - name: trainer
      image: trainer:1.0
      nodePool: general
      replicas: 1
      resources: {requests: {cpu: "6", memory: 8Gi}}
      lint:
        ignore: [{rule: unschedulable-requests, reason: the pool's instance type is changing this week}]
`},
	})
}
