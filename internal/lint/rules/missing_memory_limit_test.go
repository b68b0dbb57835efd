package rules

import (
	"testing"

	"github.com/agentscale/agentscale/internal/lint/linttest"
)

func TestMissingMemoryLimit(t *testing.T) {
	linttest.Run(t, MissingMemoryLimit, []linttest.Case{
		{Name: "manifest/a LimitRange default is an info naming it", Manifest: withLimitRange("agents"), Want: []string{
			`15:25: info missing-memory-limit: container "app" has no memory limit of its own; LimitRange defaults gives it 1Gi`,
		}},
		{Name: "manifest/a LimitRange in another namespace does not count", Manifest: withLimitRange("other"), Want: []string{
			`15:25: warning missing-memory-limit: container "app" has no memory limit`,
		}},
		{Name: "manifest/fires", Manifest: `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      initContainers:
        - {name: migrate, image: m:1}
        - name: proxy
          image: p:1
          restartPolicy: Always
          resources: {limits: {cpu: 100m}}
      containers:
        - name: app
          image: app:1
          resources: {limits: {cpu: "1", memory: 1Gi}}
        - {name: log, image: l:1, resources: {limits: {memory: "0"}}}
`, Want: []string{
			`12:11: warning missing-memory-limit: container "proxy" has no memory limit`,
			`17:35: warning missing-memory-limit: container "log" has no memory limit`,
		}},
		{Name: "manifest/pod-level limit and every kind", Manifest: `
apiVersion: v1
kind: Pod
metadata: {name: solo}
spec:
  resources: {limits: {memory: 2Gi}}
  containers: [{name: app, image: app:1}]
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers: [{name: crawl, image: c:1}]
`, Want: []string{
			`17:24: warning missing-memory-limit: container "crawl" has no memory limit`,
		}},
		{Name: "manifest/suppressed", Manifest: `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    agentscale.dev/ignore: missing-memory-limit
    agentscale.dev/ignore-reason: the namespace LimitRange sets a default limit
spec:
  template:
    spec: {containers: [{name: app, image: app:1}]}
`},
		{Name: "swarm/fires at resources", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: web
      image: web:1.0
      resources:
        requests: {cpu: 100m, memory: 128Mi}
    - {name: bare, image: bare:1.0}
`, Want: []string{
			`8:7: warning missing-memory-limit: container "web" has no memory limit`,
			`10:7: warning missing-memory-limit: container "bare" has no memory limit`,
		}},
		{Name: "swarm/limit from defaults, headroom gets one", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  defaults:
    resources: {limits: {memory: 1Gi}}
  headroom:
    replicas: 2
    resources: {requests: {cpu: "1", memory: 2Gi}}
  roles:
    - {name: web, image: web:1.0}
`},
		{Name: "swarm/suppressed", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: web
      image: web:1.0
      lint:
        ignore: [{rule: missing-memory-limit, reason: memory-bound tests measure the peak}]
`},
	})
}

// withLimitRange is a Deployment in namespace ns with no resources, beside
// a LimitRange in namespace agents that defaults cpu and memory requests
// and the memory limit.
func withLimitRange(ns string) string {
	return `apiVersion: v1
kind: LimitRange
metadata: {name: defaults, namespace: agents}
spec:
  limits:
    - type: Container
      default: {memory: 1Gi}
      defaultRequest: {cpu: 250m, memory: 512Mi}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ` + ns + `}
spec:
  template:
    spec: {containers: [{name: app, image: app:1}]}
`
}
