package rules

import (
	"testing"

	"github.com/agentscale/agentscale/internal/lint/linttest"
)

func TestLatestTag(t *testing.T) {
	linttest.Run(t, LatestTag, []linttest.Case{
		{Name: "manifest/fires", Manifest: `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      initContainers:
        - {name: init, image: "registry.local:5000/tools"}
      containers:
        - name: app
          image: ghcr.io/acme/app:latest
        - {name: proxy, image: envoy}
`, Want: []string{
			`8:24: warning latest-tag: container "init" image "registry.local:5000/tools" has no tag, so it pulls latest`,
			`11:11: warning latest-tag: container "app" uses the latest tag (ghcr.io/acme/app:latest)`,
			`12:25: warning latest-tag: container "proxy" image "envoy" has no tag, so it pulls latest`,
		}},
		{Name: "manifest/tags, ports and digests do not fire", Manifest: `
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - {name: a, image: "registry.local:5000/tools:1.2"}
            - {name: b, image: "app:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}
            - {name: c, image: "app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}
            - {name: d, image: "app:Latest-2"}
`},
		{Name: "manifest/suppressed", Manifest: `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    agentscale.dev/ignore: latest-tag
    agentscale.dev/ignore-reason: dev overlay, images rebuilt on every push
spec:
  template:
    spec:
      containers: [{name: app, image: "app:latest"}]
`},
		{Name: "swarm/fires at image", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: web
      image: ghcr.io/acme/web:latest
      replicas: 1
`, Want: []string{
			`7:7: warning latest-tag: container "web" uses the latest tag (ghcr.io/acme/web:latest)`,
		}},
		{Name: "swarm/image from defaults fires at defaults", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  defaults: {image: ghcr.io/acme/agents}
  roles:
    - name: web
      replicas: 1
    - name: api
      image: ghcr.io/acme/api:2.0.1
      replicas: 1
`, Want: []string{
			`5:14: warning latest-tag: container "web" image "ghcr.io/acme/agents" has no tag, so it pulls latest`,
		}},
		{Name: "swarm/environment image rewrites pin the tag", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  defaults: {image: ghcr.io/acme/agents}
  roles:
    - {name: web, replicas: 1}
    - {name: api, image: "ghcr.io/acme/api:latest", replicas: 1}
  environments:
    prod:
      kustomize:
        images:
          - {name: ghcr.io/acme/agents, newTag: 1.8.1}
          - {name: ghcr.io/acme/api, digest: "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}
`, Env: "prod"},
		{Name: "swarm/without the environment the base image fires", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  defaults: {image: ghcr.io/acme/agents}
  roles:
    - {name: web, replicas: 1}
    - {name: api, image: "ghcr.io/acme/api:latest", replicas: 1}
  environments:
    prod:
      kustomize:
        images:
          - {name: ghcr.io/acme/agents, newTag: 1.8.1}
          - {name: ghcr.io/acme/api, digest: "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}
`, Want: []string{
			`5:14: warning latest-tag: container "web" image "ghcr.io/acme/agents" has no tag, so it pulls latest`,
			`8:19: warning latest-tag: container "api" uses the latest tag (ghcr.io/acme/api:latest)`,
		}},
		{Name: "swarm/suppressed", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: web
      image: web:latest
      replicas: 1
      lint:
        ignore: [{rule: latest-tag, reason: local kind cluster only}]
`},
	})
}
