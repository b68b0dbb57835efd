package lint_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/agentscale/agentscale/internal/lint"
	"github.com/agentscale/agentscale/internal/lint/linttest"
	"github.com/agentscale/agentscale/internal/lint/rules"
	"github.com/agentscale/agentscale/internal/render"
	"github.com/agentscale/agentscale/internal/spec"
)

// TestSwarmAndRenderedAgree lints every swarm of the render corpus twice:
// as a swarm, and as the manifests render writes for it. Rules are written
// once over objects plus intent, and the intent annotations carry what the
// swarm knows, so both must give the same findings (by object, rule and
// severity; positions differ by design).
func TestSwarmAndRenderedAgree(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "golden", "*.yaml"))
	examples, _ := filepath.Glob(filepath.Join("..", "..", "examples", "*.yaml"))
	opts := lint.Options{Rules: rules.Registry(), Render: linttest.Render}
	n := 0
	for _, f := range append(files, examples...) {
		if strings.HasSuffix(f, ".out.yaml") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sw, errs := spec.Parse(f, data, spec.Options{})
		if len(errs) > 0 {
			continue // the corpus may hold invalid swarms
		}
		n++
		t.Run(filepath.Base(f), func(t *testing.T) {
			objs, err := linttest.Render(sw)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := render.EncodeYAML(&buf, objs); err != nil {
				t.Fatal(err)
			}
			fromSwarm := keys(lint.Run([]lint.Source{{Name: f, Data: data}}, opts))
			fromManifests := keys(lint.Run([]lint.Source{{Name: "rendered.yaml", Data: buf.Bytes()}}, opts))
			if !slices.Equal(fromSwarm, fromManifests) {
				t.Errorf("findings differ\nswarm:     %q\nrendered:  %q", fromSwarm, fromManifests)
			}
		})
	}
	if n == 0 {
		t.Fatal("no swarms found")
	}
}

func keys(fs []lint.Finding) []string {
	out := make([]string, 0, len(fs))
	for _, f := range fs {
		out = append(out, f.Object+": "+f.Rule+" ("+f.Severity.String()+")")
	}
	slices.Sort(out)
	return slices.Compact(out)
}
