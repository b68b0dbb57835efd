package importer

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aymanbagabas/go-udiff"

	"github.com/agentscale/agentscale/internal/build"
	"github.com/agentscale/agentscale/internal/render"
	"github.com/agentscale/agentscale/internal/spec"
)

func renderYAML(t *testing.T, sw *spec.Swarm) ([]byte, []render.Object) {
	t.Helper()
	objs, err := build.Objects(sw, build.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := render.EncodeYAML(&buf, objs); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), objs
}

// render(import(render(x))) is render(x), for every example and every
// feature swarm of the render goldens.
func TestRoundTrip(t *testing.T) {
	files, _ := filepath.Glob("../../examples/*.yaml")
	golden, _ := filepath.Glob("../../testdata/golden/*.yaml")
	for _, g := range golden {
		if !strings.Contains(g, ".out.") && !strings.Contains(g, ".adapter-values.") {
			files = append(files, g)
		}
	}
	if len(files) < 30 {
		t.Fatalf("found %d swarm files: the test would prove little", len(files))
	}
	for _, f := range files {
		t.Run(strings.TrimPrefix(f, "../../"), func(t *testing.T) {
			sw, err := spec.Load(f, nil, spec.Options{})
			if err != nil {
				t.Fatal(err)
			}
			want, objs := renderYAML(t, sw)
			var kos []render.KubeObject
			for _, o := range objs {
				kos = append(kos, o.Obj)
			}
			out, err := Run(kos, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if out.Carried > 0 || len(out.Notes) > 0 {
				t.Errorf("render's own output needs no patches and has no notes: %d carried, notes %v", out.Carried, out.Notes)
			}
			y := out.YAML
			back, errs := spec.Parse("imported.yaml", y, spec.Options{})
			if len(errs) > 0 {
				t.Fatalf("the imported swarm is invalid: %v\n%s", errs, y)
			}
			got, _ := renderYAML(t, back)
			if !bytes.Equal(got, want) {
				t.Errorf("render of the import differs:\n%s\nimported swarm:\n%s", lineDiff(string(want), string(got)), y)
			}
		})
	}
}

func lineDiff(a, b string) string {
	return udiff.Unified("render(x)", "render(import(render(x)))", a, b)
}
