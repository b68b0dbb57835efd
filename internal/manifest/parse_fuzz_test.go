package manifest

import (
	"github.com/agentscale/agentscale/internal/fuzzseed"
	"strings"
	"testing"
)

// FuzzParse: any bytes parse without panicking, every error and document
// has a position inside the file, and positions of any path resolve.
func FuzzParse(f *testing.F) {
	fuzzseed.Hostile(f)
	for _, s := range []string{
		"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers: [{name: a, image: a:1}]\n",
		"--- {apiVersion: v1, kind: List, items: [{apiVersion: v1, kind: Service, metadata: {name: s}}]}\n",
		"a: &a [*a]\n",
		"apiVersion: v1\nkind: Service\nmetadata: &m {name: a}\n---\napiVersion: v1\nkind: Service\nmetadata: {<<: *m}\n",
		`{"apiVersion":"keda.sh/v1alpha1","kind":"ScaledObject","metadata":{"name":"x"},"spec":{"triggers":[{"type":"kafka"}]}}`,
		"apiVersion: v1\nkind: [\n",
		"apiVersion: v1\nkind: Service\nmetadata: &m {<<: *m}",
		"a: \"x",
		"a\r- b",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		docs, errs := Parse("f.yaml", data)
		lines := yamlLines(string(data))
		for _, e := range errs {
			if e.Pos.Line < 1 || e.Pos.Line > lines {
				t.Fatalf("error outside the file (%d lines): %v", lines, e)
			}
		}
		for _, d := range docs {
			if d.Obj == nil || d.Kind == "" {
				t.Fatalf("document without object: %+v", d)
			}
			for _, p := range []string{"", "metadata.name", "spec.template.spec.containers[0].image", "items[2]", `metadata.annotations["a.b/c"]`} {
				if pos := d.Pos(p); pos.Line < 1 || pos.Line > lines {
					t.Fatalf("Pos(%q) = %v outside the file (%d lines)", p, pos, lines)
				}
			}
		}
	})
}

// yamlLines counts lines as YAML does: \r\n, \r, \n, NEL, LS and PS all
// end a line.
func yamlLines(s string) int {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return 1 + strings.Count(s, "\n") + strings.Count(s, "\r") +
		strings.Count(s, "\u0085") + strings.Count(s, "\u2028") + strings.Count(s, "\u2029")
}
