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
