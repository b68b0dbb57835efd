package rules

import (
	"fmt"

	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/agentscale/agentscale/internal/lint"
)

// EnvNameNotPortable: environment variable names the API server accepts
// (since Kubernetes 1.34 any printable ASCII but "=") that a POSIX shell
// cannot expand. validate follows the server; this says what the server
// does not. The test is apimachinery's IsEnvVarName, the server's rule
// before 1.34.
var EnvNameNotPortable = &lint.Rule{
	ID:       "env-name-not-portable",
	Severity: lint.Warning,
	Why:      "A variable such as 1BAD or my.var reaches the process, but no shell can read it: ${1BAD} is the first argument followed by BAD, and an entrypoint script or a `sh -c` command silently gets something else.",
	Fix:      "Name variables with letters, digits and underscores, not starting with a digit (MY_VAR_1).",
	Check:    checkEnvNameNotPortable,
}

func checkEnvNameNotPortable(c *lint.Context) {
	for _, w := range c.Workloads() {
		pod, path := w.PodTemplate()
		for _, ct := range lint.Containers(pod, path) {
			for i, e := range ct.Env {
				if e.Name == "" || len(validation.IsEnvVarName(e.Name)) == 0 && !dotted(e.Name) {
					continue
				}
				c.Report(w, lint.At(fmt.Sprintf("%s.env[%d].name", ct.Path, i), fmt.Sprintf("env[%d].name", i)),
					"container %q: environment variable %q cannot be read by a shell", ct.Name, e.Name)
			}
		}
	}
}

// dotted names pass IsEnvVarName ("my.env-name") but not a shell either.
func dotted(name string) bool {
	for _, r := range name {
		if r == '.' || r == '-' {
			return true
		}
	}
	return false
}
