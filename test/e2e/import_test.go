package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportLive adopts a running swarm the way a team would: apply it
// (ApplySet, server-side), read the objects back from the API server
// (defaults, status, managedFields, kubectl's labels and all), import them,
// and ask diff what applying the import would change: nothing, with the
// imported environment and without it.
func TestImportLive(t *testing.T) {
	requireCLI(t)
	ns := "e2e-import-live"
	src := filepath.Join(env.repoRoot, "examples", "market-research.yaml")
	manifest, objs := render(t, swarmInput{path: src}, ns)
	createNamespace(t, ns)
	lockClusterScoped(t, objs)
	applySetApply(t, manifest, ns, "market-research-applyset")

	dir := t.TempDir()
	var names []string
	for _, o := range objs {
		names = append(names, o.kubectlName())
	}
	live := mustKubectl(t, nil, append([]string{"get", "-n", ns, "-o", "yaml"}, names...)...)
	liveFile := filepath.Join(dir, "live.yaml")
	if err := os.WriteFile(liveFile, []byte(live), 0o644); err != nil {
		t.Fatal(err)
	}
	imp := run(nil, nil, dir, env.agentscale, "import", "--out-dir", filepath.Join(dir, "adopted"), liveFile)
	if imp.err != nil {
		t.Fatalf("import of the live objects:\n%s", imp)
	}
	for _, bad := range []string{"left out", "render adds it", "render names it", "other values at"} {
		if strings.Contains(imp.stderr, bad) {
			t.Errorf("the report on the live objects says %q:\n%s", bad, imp.stderr)
		}
	}
	t.Logf("import report:\n%s", imp.stderr)
	// What a person would write: the server's defaults are not spelled out.
	if b, _ := os.ReadFile(filepath.Join(dir, "adopted", "swarm.yaml")); strings.Contains(string(b), "imagePullPolicy: IfNotPresent") || strings.Contains(string(b), "successThreshold: 1") {
		t.Errorf("the adopted swarm spells out server defaults:\n%s", b)
	}
	adopted := filepath.Join(dir, "adopted", "swarm.yaml")
	for _, args := range [][]string{nil, {"--env", "imported"}} {
		data, _ := os.ReadFile(adopted)
		if args != nil && !strings.Contains(string(data), "imported:") {
			continue // nothing carried: the base is the whole story
		}
		code, rep, r := agentscaleDiff(t, adopted, ns, args...)
		if code != 0 {
			var changed []string
			for _, c := range rep.Changes {
				if c.Action != "unchanged" {
					changed = append(changed, c.Action+" "+c.Kind+"/"+c.Name+"\n"+c.Diff)
				}
			}
			t.Errorf("diff %v of the adopted swarm: exit %d, want 0 (nothing would change):\n%s\n%s", args, code, strings.Join(changed, "\n"), r.stderr)
		}
	}
}

// TestImportForeignCorpus imports every manifest of kube-score's test
// corpus (174 files of Deployments, StatefulSets, HPAs, PDBs, Services and
// CronJobs written to trip a linter: other people's YAML, read from the
// module proxy, not copied here). Each either imports into a swarm that
// validates with and without the carried environment, whose render keeps
// every value the API server would accept, or is refused with a reason: no
// workload, or nothing a valid swarm can hold. Never a crash, never exit 2.
func TestImportForeignCorpus(t *testing.T) {
	requireCLI(t)
	dir, err := moduleDir("github.com/zegl/kube-score", kubeScoreVersion)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "score", "testdata", "*.yaml"))
	if len(files) < 100 {
		t.Fatalf("kube-score's corpus has %d files: the test would prove little", len(files))
	}
	ns := "e2e-import-corpus"
	createNamespace(t, ns)
	refused := []string{"no Deployment, StatefulSet, Job or ScaledJob to import", "no workload could be imported", "cannot be written as a valid swarm"}
	imported := 0
	out := t.TempDir()
	for _, f := range files {
		r := run(nil, nil, out, env.agentscale, "import", f)
		name := filepath.Base(f)
		switch exitCode(r) {
		case 0:
			imported++
			// Only an object whose values cannot be rendered (the input's
			// own invalid ports) keeps other values uncarried.
			if otherValuesUncarried(r.stderr) {
				t.Errorf("%s: the carried render still differs in values:\n%s", name, r.stderr)
			}
			swarm := filepath.Join(out, strings.TrimSuffix(name, ".yaml")+".swarm.yaml")
			if err := os.WriteFile(swarm, []byte(r.stdout), 0o644); err != nil {
				t.Fatal(err)
			}
			args := [][]string{{"validate", swarm}}
			if strings.Contains(r.stdout, "\n    imported:\n") {
				args = append(args, []string{"validate", "--env", "imported", swarm})
			}
			for _, a := range args {
				if v := run(nil, nil, out, env.agentscale, a...); v.err != nil {
					t.Errorf("%s: the imported swarm does not validate (%v):\n%s\n%s", name, a, v, r.stdout)
					continue
				}
				// What it renders (with the carried values) the API server
				// accepts.
				renderArgs := append([]string{"render", "-n", ns}, a[1:]...)
				rendered := run(nil, nil, out, env.agentscale, renderArgs...)
				if rendered.err != nil {
					t.Errorf("%s: %s", name, rendered)
					continue
				}
				if d := kubectl([]byte(rendered.stdout), "apply", "--dry-run=server", "-f", "-"); d.err != nil {
					t.Errorf("%s: the API server refuses the render of the import (%v):\n%s", name, a, d)
				}
			}
		case 1:
			ok := false
			for _, why := range refused {
				ok = ok || strings.Contains(r.stderr, why)
			}
			if !ok {
				t.Errorf("%s: refused without a known reason:\n%s", name, r.stderr)
			}
		default:
			t.Errorf("%s: %s", name, r)
		}
	}
	// 59 of 174 at kube-score v1.20.0: fewer means import got stricter.
	if imported < 59 {
		t.Errorf("only %d of %d files imported (59 did)", imported, len(files))
	}
	t.Logf("imported %d of %d files of kube-score's corpus", imported, len(files))
}

// otherValuesUncarried reports an object with "other values at" in the
// report that has no "not carried" note of its own.
func otherValuesUncarried(report string) bool {
	notCarried := map[string]bool{}
	for _, l := range strings.Split(report, "\n") {
		if obj, _, ok := strings.Cut(strings.TrimSpace(l), ": the input's values are not carried"); ok {
			// The note names the rendered object; the report's other notes
			// the input's: compare by kind.
			notCarried[strings.SplitN(obj, "/", 2)[0]] = true
		}
	}
	for _, l := range strings.Split(report, "\n") {
		if obj, _, ok := strings.Cut(strings.TrimSpace(l), ": rendered with"); ok && strings.Contains(l, "other values at") && !notCarried[strings.SplitN(obj, "/", 2)[0]] {
			return true
		}
	}
	return false
}
