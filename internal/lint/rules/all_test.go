package rules

import (
	"flag"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/agentscale/agentscale/internal/lint"
)

// update is accepted so that `go test ./... -run Golden -update` runs here
// too; rule tests have no golden files (docs/rules.md is TestRulesDoc's).
var _ = flag.Bool("update", false, "no golden files in this package")

// TestAllRules checks every declaration the registry, docs and SARIF read:
// sorted unique ids, one file and one table test per rule, and Why/Fix
// written as one sentence each.
func TestAllRules(t *testing.T) {
	all := All()
	if _, err := lint.NewRegistry(all...); err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(all))
	for i, r := range all {
		ids[i] = r.ID
	}
	if !slices.IsSorted(ids) {
		t.Errorf("All() is not sorted by id: %v", ids)
	}
	for _, r := range all {
		t.Run(r.ID, func(t *testing.T) {
			base := strings.ReplaceAll(r.ID, "-", "_")
			if _, err := os.Stat(base + ".go"); err != nil {
				t.Errorf("rule %s should live in %s.go", r.ID, base)
			}
			test, err := os.ReadFile(base + "_test.go")
			if err != nil {
				t.Fatalf("rule %s has no table test: %v", r.ID, err)
			}
			// The house standard: fires, does not fire and suppressed, on
			// manifest and on swarm input.
			for _, want := range []string{"linttest.Run(t, ", "Manifest:", "Swarm:", "suppress"} {
				if !strings.Contains(string(test), want) {
					t.Errorf("%s_test.go lacks %q: every rule has manifest, swarm and suppressed cases", base, want)
				}
			}
			for what, s := range map[string]string{"Why": r.Why, "Fix": r.Fix} {
				if !unicode.IsUpper([]rune(s)[0]) || !strings.HasSuffix(s, ".") || strings.Contains(s, "\n") {
					t.Errorf("%s should be one capitalised line ending in a period: %q", what, s)
				}
			}
			if r.Check == nil {
				t.Error("rule has no Check")
			}
		})
	}
}
