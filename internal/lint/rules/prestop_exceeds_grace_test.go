package rules

import (
	"strings"
	"testing"

	"github.com/agentscale/agentscale/internal/lint/linttest"
)

func TestPreStopExceedsGrace(t *testing.T) {
	dep := func(grace, preStop string) string {
		return "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n" + grace +
			"      containers:\n        - name: app\n          image: app:1\n          lifecycle:\n            preStop: " + preStop + "\n"
	}
	linttest.Run(t, PreStopExceedsGrace, []linttest.Case{
		{Name: "manifest/sleep action as long as the default grace", Manifest: dep("", "{sleep: {seconds: 30}}"), Want: []string{
			`11:13: warning prestop-exceeds-grace: container "app" pauses 30s in preStop, but the pod's grace period is 30s: it is killed before it can finish after SIGTERM`,
		}},
		{Name: "manifest/sleep through sh -c past the set grace", Manifest: dep("      terminationGracePeriodSeconds: 20\n", `{exec: {command: [/bin/sh, -c, "sleep 45"]}}`), Want: []string{
			`12:13: warning prestop-exceeds-grace: container "app" pauses 45s in preStop, but the pod's grace period is 20s: it is killed before it can finish after SIGTERM`,
		}},
		{Name: "manifest/a short pause passes", Manifest: dep("      terminationGracePeriodSeconds: 120\n", `{exec: {command: [sleep, "5"]}}`)},
		{Name: "manifest/a hook with no length is not guessed", Manifest: dep("", `{httpGet: {path: /drain, port: 8080}}`)},
		{Name: "manifest/suppressed", Manifest: strings.Replace(dep("", "{sleep: {seconds: 30}}"), "metadata: {name: web}",
			"metadata:\n  name: web\n  annotations: {agentscale.dev/ignore: prestop-exceeds-grace, agentscale.dev/ignore-reason: the agent checkpoints in preStop}", 1)},
		{Name: "swarm/rendered roles keep to the grace period", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - {name: a, image: a:1, replicas: 2, terminationGracePeriodSeconds: 5}
`},
	})
}
