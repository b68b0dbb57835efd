package rules

import (
	"strings"
	"testing"

	"github.com/agentscale/agentscale/internal/lint/linttest"
)

func TestMutableSelectorLabel(t *testing.T) {
	dep := func(labels string) string {
		return `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector:
    matchLabels: ` + labels + `
  template:
    metadata: {labels: ` + labels + `}
    spec: {containers: [{name: app, image: app:1}]}
`
	}
	linttest.Run(t, MutableSelectorLabel, []linttest.Case{
		{Name: "manifest/a version label", Manifest: dep("{app: web, app.kubernetes.io/version: 1.4.2}"), Want: []string{
			`6:29: error mutable-selector-label: Deployment web selects on app.kubernetes.io/version=1.4.2, which changes with each release; the selector is immutable, so the next upgrade fails`,
		}},
		{Name: "manifest/a tag-like value under another key", Manifest: dep("{app: web, build: v2.1}"), Want: []string{
			`6:29: error mutable-selector-label: Deployment web selects on build=v2.1, which changes with each release; the selector is immutable, so the next upgrade fails`,
		}},
		{Name: "manifest/stable labels", Manifest: dep("{app.kubernetes.io/name: web, app.kubernetes.io/instance: prod-web, tier: v}")},
		{Name: "manifest/suppressed", Manifest: strings.Replace(dep("{app: web, version: v1}"), "metadata: {name: web}",
			"metadata:\n  name: web\n  annotations: {agentscale.dev/ignore: mutable-selector-label, agentscale.dev/ignore-reason: blue-green by Deployment name}", 1)},
		{Name: "swarm/render selects on name and instance", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s, labels: {version: "1.0"}}
spec:
  roles:
    - {name: w, image: w:1.4.2, labels: {release: "2"}}
`},
	})
}
