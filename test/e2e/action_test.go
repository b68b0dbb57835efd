package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// TestAction runs the GitHub Action's steps (action.yml calls
// hack/action.sh once per phase) as GitHub would, minus GitHub: the
// install phase builds agentscale from this checkout onto GITHUB_PATH; lint
// writes SARIF and annotations and fails on an error finding; test writes
// JUnit. action.yml itself must only pass declared inputs to phases the
// script has.
func TestAction(t *testing.T) {
	requireCLI(t)
	data := mustRead(t, filepath.Join(env.repoRoot, "action.yml"))
	var action struct {
		Name, Description string
		Inputs            map[string]struct{ Default string }
		Runs              struct {
			Using string
			Steps []struct {
				Name, ID, If, Uses, Run, Shell string
				Env                            map[string]string
			}
		}
	}
	if err := yaml.Unmarshal(data, &action); err != nil {
		t.Fatal(err)
	}
	if action.Name == "" || action.Description == "" || action.Runs.Using != "composite" {
		t.Fatalf("action.yml: name %q, runs.using %q", action.Name, action.Runs.Using)
	}
	script := string(mustRead(t, filepath.Join(env.repoRoot, "hack", "action.sh")))
	phaseRun := regexp.MustCompile(`^bash "(\$ACTION_PATH|\$\{\{ github\.action_path \}\})/hack/action\.sh" (\w+)$`)
	for _, s := range action.Runs.Steps {
		if s.Run != "" {
			m := phaseRun.FindStringSubmatch(strings.TrimSpace(s.Run))
			if m == nil || !strings.Contains(script, "\n"+m[2]+")\n") || s.Shell != "bash" {
				t.Errorf("step %q: run %q, shell %q: want bash hack/action.sh PHASE of a phase the script has", s.Name, s.Run, s.Shell)
			}
			for k := range s.Env {
				if !strings.Contains(script, k) {
					t.Errorf("step %q passes %s, which hack/action.sh never reads", s.Name, k)
				}
			}
		}
	}
	for _, m := range regexp.MustCompile(`inputs\.([a-z-]+)`).FindAllStringSubmatch(string(data), -1) {
		if _, ok := action.Inputs[m[1]]; !ok {
			t.Errorf("action.yml uses undeclared input %s", m[1])
		}
	}

	work := t.TempDir()
	tmp := t.TempDir()
	ghPath, ghOut := filepath.Join(tmp, "path"), filepath.Join(tmp, "output")
	for _, f := range []string{ghPath, ghOut} {
		if err := os.WriteFile(f, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(work, "swarm.yaml"), mustRead(t, filepath.Join(env.repoRoot, "examples", "market-research.yaml")), 0o644); err != nil {
		t.Fatal(err)
	}
	phase := func(name string, extra ...string) result {
		e := append([]string{"RUNNER_TEMP=" + tmp, "GITHUB_PATH=" + ghPath, "GITHUB_OUTPUT=" + ghOut, "ACTION_PATH=" + env.repoRoot, "VERSION=source"}, extra...)
		if p := strings.TrimSpace(string(mustRead(t, ghPath))); p != "" {
			e = append(e, "PATH="+p+":"+os.Getenv("PATH"))
		}
		return run(nil, e, work, "bash", append([]string{filepath.Join(env.repoRoot, "hack", "action.sh")}, name)...)
	}
	outputs := func() map[string]string {
		m := map[string]string{}
		for _, l := range strings.Split(string(mustRead(t, ghOut)), "\n") {
			if k, v, ok := strings.Cut(l, "="); ok {
				m[k] = v
			}
		}
		return m
	}

	if r := phase("install"); r.err != nil || !strings.HasPrefix(r.stdout, "agentscale ") {
		t.Fatalf("install:\n%s", r)
	}
	if r := phase("lint"); r.err != nil {
		t.Errorf("lint of a clean swarm failed:\n%s", r)
	}
	var sarif struct {
		Version string
		Runs    []json.RawMessage
	}
	if err := json.Unmarshal(mustRead(t, outputs()["sarif"]), &sarif); err != nil || sarif.Version != "2.1.0" || len(sarif.Runs) != 1 {
		t.Errorf("the SARIF output %s: %v %+v", outputs()["sarif"], err, sarif)
	}

	// A manifest with a finding at error level fails the step, on its line.
	bad := "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: stuck}\nspec:\n  maxUnavailable: 0\n  selector: {matchLabels: {app: x}}\n"
	if err := os.WriteFile(filepath.Join(work, "pdb.yaml"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	r := phase("lint", "MANIFESTS=pdb.yaml")
	if exitCode(r) != 1 || !strings.Contains(r.stdout, "::error file=pdb.yaml,line=") {
		t.Errorf("lint of a blocking PDB: want exit 1 and an ::error annotation on pdb.yaml\n%s", r)
	}
	if !strings.Contains(string(mustRead(t, outputs()["sarif"])), "pdb-blocks-eviction") {
		t.Errorf("the SARIF lacks the finding")
	}

	if r := phase("test"); r.err != nil {
		t.Errorf("test of the example's scenarios failed:\n%s", r)
	}
	junit := string(mustRead(t, outputs()["junit"]))
	if !strings.Contains(junit, "<testsuite") || !strings.Contains(junit, "launch-spike") {
		t.Errorf("the JUnit output:\n%s", junit)
	}
	if !slices.Contains([]string{"error", "warning", "info", "never"}, action.Inputs["fail-on"].Default) {
		t.Errorf("fail-on defaults to %q", action.Inputs["fail-on"].Default)
	}
}
