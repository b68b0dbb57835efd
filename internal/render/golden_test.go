package render

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/agentscale/agentscale/internal/spec"
)

var update = flag.Bool("update", false, "rewrite the golden files from the current output")

const (
	goldenDir   = "../../testdata/golden"
	examplesDir = "../../examples"
)

// goldenOptions are the render options of feature inputs that need any.
var goldenOptions = map[string]Options{
	"namespace-override": {Namespace: "agents-staging"},
}

// goldenCase is one input file and the file holding its expected output.
type goldenCase struct {
	name, input, golden string
}

// goldenCases lists every example and every feature input.
func goldenCases(t testing.TB) []goldenCase {
	t.Helper()
	var cases []goldenCase
	examples, err := filepath.Glob(filepath.Join(examplesDir, "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range examples {
		name := strings.TrimSuffix(filepath.Base(in), ".yaml")
		cases = append(cases, goldenCase{"examples/" + name, in, filepath.Join(goldenDir, "examples", name+".out.yaml")})
	}
	features, err := filepath.Glob(filepath.Join(goldenDir, "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range features {
		if strings.HasSuffix(in, ".out.yaml") || strings.HasSuffix(in, ".adapter-values.yaml") {
			continue
		}
		name := strings.TrimSuffix(filepath.Base(in), ".yaml")
		cases = append(cases, goldenCase{name, in, strings.TrimSuffix(in, ".yaml") + ".out.yaml"})
	}
	if len(cases) == 0 {
		t.Fatal("no golden inputs found")
	}
	return cases
}

// renderFile loads, validates and renders one swarm file.
func renderFile(t testing.TB, c goldenCase) []Object {
	t.Helper()
	s, err := spec.Load(c.input, nil, spec.Options{})
	if err != nil {
		t.Fatalf("%s: %v", c.input, err)
	}
	objs, err := Render(s, goldenOptions[c.name])
	if err != nil {
		t.Fatalf("%s: render: %v", c.input, err)
	}
	return objs
}

func TestGolden(t *testing.T) {
	for _, c := range goldenCases(t) {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := EncodeYAML(&buf, renderFile(t, c)); err != nil {
				t.Fatal(err)
			}
			if *update {
				if err := os.MkdirAll(filepath.Dir(c.golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(c.golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(c.golden)
			if err != nil {
				t.Fatalf("%v (run `make golden` to create it)", err)
			}
			if got := buf.Bytes(); !bytes.Equal(got, want) {
				t.Errorf("%s differs from the rendered output (run `make golden` if the change is intended):\n%s", c.golden, lineDiff(string(want), string(got)))
			}
		})
	}
}

// TestGoldenAdapter pins the Prometheus Adapter values of every input that
// has adapter rules, in <golden>.adapter-values.yaml (the config file holds
// the same rules; TestAdapterConfigParses checks they agree).
func TestGoldenAdapter(t *testing.T) {
	found := 0
	for _, c := range goldenCases(t) {
		s, err := spec.Load(c.input, nil, spec.Options{})
		if err != nil {
			t.Fatal(err)
		}
		golden := strings.TrimSuffix(c.golden, ".out.yaml") + ".adapter-values.yaml"
		a := Adapter(s, goldenOptions[c.name])
		if a == nil {
			if _, err := os.Stat(golden); err == nil {
				t.Errorf("%s: no adapter rules, but %s exists: delete it", c.name, golden)
			}
			continue
		}
		found++
		if *update {
			if err := os.WriteFile(golden, a.HelmValues, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run `make golden` to create it)", err)
		}
		if !bytes.Equal(a.HelmValues, want) {
			t.Errorf("%s differs (run `make golden` if the change is intended):\n%s", golden, lineDiff(string(want), string(a.HelmValues)))
		}
	}
	if found == 0 {
		t.Fatal("no golden input has adapter rules")
	}
}

// lineDiff shows the first lines where want and got differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 10; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			b.WriteString("line " + itoa(int32(i+1)) + ":\n  want: " + wl + "\n  got:  " + gl + "\n")
			shown++
		}
	}
	return b.String()
}
