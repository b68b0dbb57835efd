package rules

import (
	"testing"

	"github.com/agentscale/agentscale/internal/lint/linttest"
)

func TestEnvNameNotPortable(t *testing.T) {
	linttest.Run(t, EnvNameNotPortable, []linttest.Case{
		{Name: "manifest/names a shell cannot read", Manifest: `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
        - name: app
          image: app:1
          env: [{name: 1BAD, value: x}, {name: my.var, value: y}, {name: GOOD_1, value: z}, {name: a-b, value: w}]
`, Want: []string{
			`10:18: warning env-name-not-portable: container "app": environment variable "1BAD" cannot be read by a shell`,
			`10:42: warning env-name-not-portable: container "app": environment variable "my.var" cannot be read by a shell`,
			`10:94: warning env-name-not-portable: container "app": environment variable "a-b" cannot be read by a shell`,
		}},
		{Name: "manifest/suppressed", Manifest: `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations: {agentscale.dev/ignore: env-name-not-portable, agentscale.dev/ignore-reason: a Java app reads it with System.getenv}
spec:
  template:
    spec:
      containers: [{name: app, image: app:1, env: [{name: my.var, value: y}]}]
`},
		{Name: "swarm/fires at the variable", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: a
      image: a:1
      env:
        - {name: 1BAD, value: x}
`, Want: []string{
			`9:12: warning env-name-not-portable: container "a": environment variable "1BAD" cannot be read by a shell`,
		}},
	})
}
