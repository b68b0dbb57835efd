package e2e

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// result is the outcome of one command run.
type result struct {
	args   []string
	stdout string
	stderr string
	err    error
}

func (r result) String() string {
	return fmt.Sprintf("$ %s\n(exit: %v)\n--- stdout ---\n%s--- stderr ---\n%s", strings.Join(r.args, " "), r.err, r.stdout, r.stderr)
}

// run runs a command with stdin and returns its output; it never fails the
// test itself so callers can decide what is expected.
func run(stdin []byte, extraEnv []string, dir, bin string, args ...string) result {
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), extraEnv...)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	return result{args: append([]string{filepath.Base(bin)}, args...), stdout: out.String(), stderr: errb.String(), err: err}
}

// kubectlEnv points kubectl at the test cluster only: its own kubeconfig and
// a discovery cache inside the run's scratch directory.
func kubectlEnv() []string {
	return []string{
		"KUBECONFIG=" + env.cluster.kubeconfig,
		"KUBECACHEDIR=" + filepath.Join(env.tmp, "kube-cache"),
	}
}

// kubectl runs kubectl against the test cluster.
func kubectl(stdin []byte, args ...string) result {
	return run(stdin, kubectlEnv(), env.tmp, env.kubectl, args...)
}

// mustKubectl runs kubectl and fails the test unless it succeeds without any
// warning; it returns stdout.
func mustKubectl(t *testing.T, stdin []byte, args ...string) string {
	t.Helper()
	r := kubectl(stdin, args...)
	if r.err != nil {
		t.Fatalf("kubectl failed:\n%s", r)
	}
	if w := warnings(r); len(w) > 0 {
		t.Fatalf("kubectl printed warnings:\n%s\n\n%s", strings.Join(w, "\n"), r)
	}
	return r.stdout
}

// warnings returns the "Warning:" lines kubectl printed: the API server's
// warnings (deprecated APIs, unknown fields, pod security) and kubectl's own.
func warnings(r result) []string {
	var w []string
	for _, line := range strings.Split(r.stdout+"\n"+r.stderr, "\n") {
		if strings.Contains(line, "Warning:") {
			w = append(w, line)
		}
	}
	return w
}

// ensureNamespace creates ns unless the rendered objects carry it
// (spec.createNamespace): then the first apply creates it, as on a bare
// cluster, and a namespace made beforehand would only draw kubectl's
// missing-last-applied warning. Rendered pods name their own
// ServiceAccounts, so the default one is not needed then.
func ensureNamespace(t *testing.T, rendered []object, ns string) {
	t.Helper()
	for _, o := range rendered {
		if o.kind() == "Namespace" && o.name() == ns {
			return
		}
	}
	createNamespace(t, ns)
}

// createNamespace creates a namespace that enforces (and warns about) the
// restricted Pod Security Standard, as production namespaces should.
func createNamespace(t *testing.T, name string) {
	t.Helper()
	ns := fmt.Sprintf(`apiVersion: v1
kind: Namespace
metadata:
  name: %s
  labels:
    pod-security.kubernetes.io/enforce: restricted
    pod-security.kubernetes.io/warn: restricted
    pod-security.kubernetes.io/audit: restricted
`, name)
	// Server-side apply with its own field manager: the namespace then has
	// no client-side last-applied annotation that a rendered Namespace
	// object applied later would have to reconcile with.
	mustKubectl(t, []byte(ns), "apply", "--server-side", "--field-manager=e2e-harness", "-f", "-")
	// No controller-manager runs, so nothing creates the namespace's default
	// ServiceAccount, without which the API server refuses every Pod.
	sa := "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: default\n"
	mustKubectl(t, []byte(sa), "apply", "--server-side", "--field-manager=e2e-harness", "-n", name, "-f", "-")
}
