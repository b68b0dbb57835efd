package outdir

import (
	"github.com/agentscale/agentscale/internal/fuzzseed"
	"strings"
	"testing"
)

// FuzzPrevious reads arbitrary kustomization.yaml contents (a file users
// may edit) when deciding whether DIR may be replaced: never a panic, and
// only a file carrying the marker counts as ours.
func FuzzPrevious(f *testing.F) {
	fuzzseed.Hostile(f)
	f.Add([]byte("metadata:\n  annotations: {agentscale.dev/generated-by: agentscale}\nresources: [a.yaml]\n"))
	f.Add([]byte("resources: [a.yaml]\n"))
	f.Add([]byte("a: &a [*a]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s := string(data)
		// The key may also be spelled with escapes in a quoted string.
		marked := strings.Contains(s, "generated-by") || strings.Contains(s, `\`)
		if _, ok := previous(data); ok && !marked {
			t.Fatalf("recognised without the marker: %q", data)
		}
	})
}
