package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// lintFindings runs agentscale lint -o json on a file and returns its
// findings as "object: rule" keys, sorted. failed is true when lint exited 1
// (a finding at or above --fail-on error).
func lintFindings(dir, file string) (keys []string, failed bool, r result, err error) {
	r = run(nil, nil, dir, env.agentscale, "lint", "-o", "json", file)
	var rep struct {
		Findings []struct {
			Rule     string `json:"rule"`
			Object   string `json:"object"`
			Severity string `json:"severity"`
		} `json:"findings"`
	}
	if jerr := json.Unmarshal([]byte(r.stdout), &rep); jerr != nil {
		return nil, false, r, fmt.Errorf("lint output is not its JSON report: %v\n%s", jerr, r)
	}
	for _, f := range rep.Findings {
		keys = append(keys, fmt.Sprintf("%s: %s (%s)", f.Object, f.Rule, f.Severity))
	}
	sort.Strings(keys)
	failed = r.err != nil
	if failed && len(rep.Findings) == 0 {
		return keys, failed, r, fmt.Errorf("lint failed without findings:\n%s", r)
	}
	return keys, failed, r, nil
}

// TestLintServerObjects lints a manifest with known findings (the smoke
// Deployment sets no resource requests and has no PDB) before and after a
// round trip through the API server. The rendered swarms mostly lint clean,
// so this is what shows the comparison in TestSwarms is not vacuous.
func TestLintServerObjects(t *testing.T) {
	requireCLI(t)
	ns := "e2e-lint-round-trip"
	createNamespace(t, ns)
	dir := t.TempDir()
	file := filepath.Join(dir, "smoke.yaml")
	manifest := strings.ReplaceAll(smokeManifest, "\nmetadata:\n  name: smoke\n", "\nmetadata:\n  name: smoke\n  namespace: "+ns+"\n")
	if err := os.WriteFile(file, []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	mustKubectl(t, nil, "apply", "-f", file)
	want, _, r, err := lintFindings(dir, file)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 {
		t.Fatalf("expected findings on the smoke manifest:\n%s", r)
	}
	server := filepath.Join(dir, "server.yaml")
	if err := os.WriteFile(server, []byte(mustKubectl(t, nil, "get", "-f", file, "-o", "yaml")), 0o644); err != nil {
		t.Fatal(err)
	}
	got, _, r, err := lintFindings(dir, server)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Errorf("lint findings differ between the manifest and the server's objects\nmanifest: %q\nserver:   %q\n%s", want, got, r)
	}
}
