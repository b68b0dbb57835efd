package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// diffReport is agentscale diff -o json.
type diffReport struct {
	Changes []struct {
		Action, Kind, Namespace, Name, Diff string
	} `json:"changes"`
	Summary map[string]int `json:"summary"`
}

// agentscaleDiff runs agentscale diff against the test cluster and returns
// its exit code and report.
func agentscaleDiff(t *testing.T, file, ns string, extra ...string) (int, diffReport, result) {
	t.Helper()
	args := append([]string{"diff", file, "-n", ns, "--kubeconfig", env.cluster.kubeconfig, "-o", "json"}, extra...)
	r := run(nil, nil, env.repoRoot, env.agentscale, args...)
	code := exitCode(r)
	var rep diffReport
	if code < 2 {
		if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
			t.Fatalf("diff -o json does not parse: %v\n%s", err, r)
		}
	}
	return code, rep, r
}

// TestDiff holds agentscale diff to the real API server: before the first
// apply it lists every object as new (exit 1); right after the apply of
// docs/delivery.md nothing would change (exit 0); a changed threshold is
// exactly that field of that object; a removed role is its objects
// deleted; a broken swarm or an unreachable cluster is exit 2.
func TestDiff(t *testing.T) {
	requireCLI(t)
	src, err := os.ReadFile(filepath.Join(env.repoRoot, "examples", "market-research.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	const threshold = `lagThreshold: "1000"`
	if strings.Count(string(src), threshold) != 1 {
		t.Fatalf("examples/market-research.yaml no longer has one %s: update the test", threshold)
	}
	base := write("swarm.yaml", string(src))
	changed := write("changed.yaml", strings.Replace(string(src), threshold, `lagThreshold: "2000"`, 1))

	ns := "e2e-diff"
	manifest, objs := render(t, swarmInput{path: base}, ns)
	createNamespace(t, ns)
	lockClusterScoped(t, objs)

	code, rep, r := agentscaleDiff(t, base, ns)
	if code != 1 || rep.Summary["create"] != len(objs) || len(rep.Changes) != len(objs) {
		t.Fatalf("before the first apply: exit %d, %v; want exit 1 and all %d objects to create\n%s", code, rep.Summary, len(objs), r)
	}

	applySetApply(t, manifest, ns, "market-research-applyset")
	code, rep, r = agentscaleDiff(t, base, ns)
	if code != 0 || rep.Summary["unchanged"] != len(objs) {
		t.Fatalf("right after the apply: exit %d, %v; want exit 0, %d unchanged\n%s", code, rep.Summary, len(objs), r)
	}
	for _, c := range rep.Changes {
		if c.Diff != "" {
			t.Errorf("%s %s: unchanged, yet a diff:\n%s", c.Kind, c.Name, c.Diff)
		}
	}
	// Without the prune list the objects still carry kubectl's ApplySet
	// label in the dry run: nothing changes either.
	if code, rep, r := agentscaleDiff(t, base, ns, "--prune=false"); code != 0 || rep.Summary["unchanged"] != len(objs) {
		t.Errorf("--prune=false right after the apply: exit %d, %v\n%s", code, rep.Summary, r)
	}
	// The text form prints nothing on stdout then.
	text := run(nil, nil, env.repoRoot, env.agentscale, "diff", base, "-n", ns, "--kubeconfig", env.cluster.kubeconfig)
	if exitCode(text) != 0 || text.stdout != "" || !strings.Contains(text.stderr, "0 to create, 0 to update, 0 to delete") {
		t.Errorf("text diff after apply:\n%s", text)
	}

	t.Run("a changed threshold", func(t *testing.T) {
		code, rep, r := agentscaleDiff(t, changed, ns)
		if code != 1 || rep.Summary["update"] != 1 {
			t.Fatalf("exit %d, %v; want exit 1 and one update\n%s", code, rep.Summary, r)
		}
		for _, c := range rep.Changes {
			if c.Action != "update" {
				continue
			}
			if c.Kind != "ScaledObject" || c.Name != "market-research-responder" {
				t.Errorf("updated %s %s, want the responder's ScaledObject", c.Kind, c.Name)
			}
			var lines []string
			for _, l := range strings.Split(c.Diff, "\n") {
				if (strings.HasPrefix(l, "-") || strings.HasPrefix(l, "+")) && !strings.HasPrefix(l, "---") && !strings.HasPrefix(l, "+++") {
					lines = append(lines, l[:1]+strings.TrimSpace(l[1:]))
				}
			}
			if strings.Join(lines, "\n") != "-lagThreshold: \"1000\"\n+lagThreshold: \"2000\"" {
				t.Errorf("want exactly the threshold changed, got:\n%s", c.Diff)
			}
		}
	})

	t.Run("a removed role", func(t *testing.T) {
		// graph-builder renders a ServiceAccount, a headless Service, a
		// StatefulSet, a PDB, ...: every one is listed for deletion.
		var want []string
		for _, o := range objs {
			if strings.HasPrefix(o.name(), "market-research-graph-builder") {
				want = append(want, o.kind()+" "+o.name())
			}
		}
		var kept []string
		inRole := false
		for _, l := range strings.Split(string(src), "\n") {
			if strings.HasPrefix(l, "    - name: ") {
				inRole = l == "    - name: graph-builder"
			}
			if !inRole {
				kept = append(kept, l)
			}
		}
		removed := write("removed.yaml", strings.Join(kept, "\n"))
		code, rep, r := agentscaleDiff(t, removed, ns)
		var got []string
		for _, c := range rep.Changes {
			if c.Action == "delete" {
				got = append(got, c.Kind+" "+c.Name)
			}
		}
		if code != 1 || len(want) == 0 || strings.Join(got, ",") == "" || len(got) != len(want) {
			t.Fatalf("exit %d, deletes %q, want %q\n%s", code, got, want, r)
		}
		for _, w := range want {
			if !strings.Contains(strings.Join(got, ","), w) {
				t.Errorf("%s is not listed for deletion (got %q)", w, got)
			}
		}
	})

	t.Run("errors are exit 2", func(t *testing.T) {
		bad := write("bad.yaml", strings.Replace(string(src), "max: 50", "max: -1", 1))
		if code, _, r := agentscaleDiff(t, bad, ns); code != 2 || !strings.Contains(r.stderr, "bad.yaml:") {
			t.Errorf("an invalid swarm: exit %d, want 2 with its position\n%s", code, r)
		}
		kc := write("nowhere.kubeconfig", "apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: \"https://127.0.0.1:1\"}}]\ncontexts: [{name: c, context: {cluster: c, user: u}}]\nusers: [{name: u, user: {token: x}}]\ncurrent-context: c\n")
		r := run(nil, nil, env.repoRoot, env.agentscale, "diff", base, "-n", ns, "--kubeconfig", kc)
		if exitCode(r) != 2 || !strings.Contains(r.stderr, "127.0.0.1:1") {
			t.Errorf("an unreachable cluster: want exit 2 naming it\n%s", r)
		}
	})
}
