package rules

import (
	"testing"

	"github.com/agentscale/agentscale/internal/lint/linttest"
)

func TestMissingResourceRequests(t *testing.T) {
	linttest.Run(t, MissingResourceRequests, []linttest.Case{
		{Name: "manifest/LimitRange defaults are an info naming it", Manifest: withLimitRange("agents"), Want: []string{
			`15:25: info missing-resource-requests: container "app" has no requests of its own; LimitRange defaults gives it cpu 250m and memory 512Mi`,
		}},
		{Name: "manifest/a LimitRange in another namespace does not count", Manifest: withLimitRange("other"), Want: []string{
			`15:25: error missing-resource-requests: container "app" requests no cpu and no memory`,
		}},
		{Name: "manifest/fires", Manifest: `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
        - name: app
          image: app:1
          resources:
            requests: {cpu: 100m}
        - name: sidecar
          image: proxy:1
`, Want: []string{
			`10:11: error missing-resource-requests: container "app" requests no memory`,
			`12:11: error missing-resource-requests: container "sidecar" requests no cpu and no memory`,
		}},
		{Name: "manifest/limits imply requests", Manifest: `
apiVersion: batch/v1
kind: Job
metadata: {name: once}
spec:
  template:
    spec:
      initContainers:
        - {name: migrate, image: m:1}
      containers:
        - name: app
          image: app:1
          resources: {limits: {cpu: "1", memory: 1Gi}}
`},
		{Name: "manifest/sidecar init container counts", Manifest: `
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  template:
    spec:
      initContainers:
        - {name: proxy, image: p:1, restartPolicy: Always}
      containers:
        - {name: db, image: db:1, resources: {requests: {cpu: "1", memory: 1Gi}}}
`, Want: []string{
			`8:11: error missing-resource-requests: container "proxy" requests no cpu and no memory`,
		}},
		{Name: "manifest/suppressed on pod template", Manifest: `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    metadata:
      annotations:
        agentscale.dev/ignore: missing-resource-requests
        agentscale.dev/ignore-reason: a LimitRange sets defaults in this namespace
    spec:
      containers: [{name: app, image: app:1}]
`},
		{Name: "manifest/suppression without reason", Manifest: `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations: {agentscale.dev/ignore: "missing-resource-requests, no-such-rule"}
spec:
  template:
    spec:
      containers: [{name: app, image: app:1}]
`, Want: []string{
			`5:17: error bad-suppression: suppression names unknown rule "no-such-rule"`,
			`5:17: error bad-suppression: suppression of "missing-resource-requests" needs a reason (agentscale.dev/ignore-reason)`,
		}},
		{Name: "swarm/fires at the role", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: web
      image: web:1.0
      replicas: 1
`, Want: []string{
			`6:7: error missing-resource-requests: container "web" requests no cpu and no memory`,
		}},
		{Name: "swarm/fires at resources", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: web
      image: web:1.0
      replicas: 1
      resources:
        limits: {memory: 1Gi}
`, Want: []string{
			`9:7: error missing-resource-requests: container "web" requests no cpu`,
		}},
		{Name: "swarm/clean with defaults", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  defaults:
    resources: {requests: {cpu: 100m, memory: 128Mi}}
  roles:
    - {name: web, image: web:1.0, replicas: 1}
`},
		{Name: "swarm/suppressed by lint.ignore", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: web
      image: web:1.0
      replicas: 1
      lint:
        ignore:
          - {rule: missing-resource-requests, reason: namespace LimitRange}
          - {rule: missing-pbd, reason: typo}
`, Want: []string{
			`12:14: error bad-suppression: suppression names unknown rule "missing-pbd"`,
		}},
	})
}
