package lint_test

import (
	"testing"

	"github.com/agentscale/agentscale/internal/fuzzseed"
	"github.com/agentscale/agentscale/internal/lint"
)

// FuzzReadLevels: any config file reads without panicking, and every entry
// has a position in it.
func FuzzReadLevels(f *testing.F) {
	fuzzseed.Hostile(f)
	f.Add([]byte("lint:\n  rules:\n    latest-tag: off\n    missing-pdb: error\n"))
	f.Add([]byte("lint: {rules: {a: [1]}}"))
	f.Add([]byte("lint: &a {rules: *a}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, l := range lint.ReadLevels("c.yaml", data) {
			if l.Pos.Line < 1 {
				t.Fatalf("entry without position: %+v", l)
			}
		}
	})
}
