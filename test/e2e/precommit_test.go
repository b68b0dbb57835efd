package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// brokenSwarm fails validation: min replicas above max.
const brokenSwarm = `apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata:
  name: broken
spec:
  defaults:
    image: ghcr.io/acme/agents:1.0.0
  roles:
    - name: worker
      state: stateless
      replicas: {min: 5, max: 2}
`

// TestPreCommitHooks installs this repository's hooks with a real
// pre-commit into a scratch repository, the way a user would, and checks
// that they pass a clean swarm and fail a broken one.
func TestPreCommitHooks(t *testing.T) {
	t.Parallel()
	preCommit, err := exec.LookPath("pre-commit")
	if err != nil {
		t.Fatalf("pre-commit is required (Debian: apt-get install pre-commit): %v", err)
	}
	if _, err := os.Stat(filepath.Join(env.repoRoot, ".pre-commit-hooks.yaml")); err != nil {
		t.Fatalf("the repository has no .pre-commit-hooks.yaml: %v", err)
	}
	// pre-commit installs hooks from a committed revision; uncommitted
	// changes in the work tree are not part of it.
	rev := run(nil, nil, env.repoRoot, "git", "rev-parse", "HEAD")
	if rev.err != nil {
		t.Fatalf("the repository root must be a git repository with a commit:\n%s", rev)
	}
	sha := strings.TrimSpace(rev.stdout)
	if r := run(nil, nil, env.repoRoot, "git", "cat-file", "-e", sha+":.pre-commit-hooks.yaml"); r.err != nil {
		t.Fatalf(".pre-commit-hooks.yaml is not committed at HEAD (%s); pre-commit only sees committed files", sha)
	}

	scratch := t.TempDir()
	clean, err := os.ReadFile(filepath.Join(env.repoRoot, "examples", "market-research.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	// Named swarm.yaml, the name every hook's files pattern accepts.
	files := map[string]string{
		"clean/swarm.yaml":  string(clean),
		"broken/swarm.yaml": brokenSwarm,
		".pre-commit-config.yaml": fmt.Sprintf(`repos:
  - repo: %s
    rev: %s
    hooks:
      - id: agentscale-lint
      - id: agentscale-validate
`, env.repoRoot, sha),
	}
	for name, content := range files {
		p := filepath.Join(scratch, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range [][]string{{"init", "-q"}, {"add", "."}} {
		if r := run(nil, nil, scratch, "git", args...); r.err != nil {
			t.Fatalf("setting up the scratch repository:\n%s", r)
		}
	}

	gomodcache := strings.TrimSpace(run(nil, nil, env.repoRoot, "go", "env", "GOMODCACHE").stdout)
	pcEnv := []string{
		"PRE_COMMIT_HOME=" + filepath.Join(t.TempDir(), "pre-commit-home"),
		// pre-commit runs `go install ./...` with GOPATH set to its own
		// directory, which would move the module cache there and download
		// every dependency again; keep the usual cache.
		"GOMODCACHE=" + gomodcache,
		"PRE_COMMIT_COLOR=never",
	}

	r := run(nil, pcEnv, scratch, preCommit, "run", "--files", "clean/swarm.yaml")
	if r.err != nil {
		t.Fatalf("pre-commit fails on a clean swarm:\n%s", r)
	}
	if strings.Count(r.stdout, "Passed") < 2 || strings.Contains(r.stdout, "Skipped") {
		t.Fatalf("both hooks should run and pass on clean/swarm.yaml:\n%s", r)
	}
	r = run(nil, pcEnv, scratch, preCommit, "run", "--files", "broken/swarm.yaml")
	if r.err == nil {
		t.Fatalf("pre-commit passes a broken swarm:\n%s", r)
	}
	if strings.Count(r.stdout, "Failed") < 2 {
		t.Errorf("both hooks should fail on broken/swarm.yaml:\n%s", r)
	}
}
