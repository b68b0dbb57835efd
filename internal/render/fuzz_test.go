package render

import (
	"errors"
	"io"
	"os"
	"testing"

	"github.com/agentscale/agentscale/internal/spec"
)

// FuzzRender feeds arbitrary swarm files through the loader and, when they
// are valid, through Render and both encoders: a valid swarm must render
// without panicking, and a refusal must be a positioned spec error.
func FuzzRender(f *testing.F) {
	for _, c := range goldenCases(f) {
		data, err := os.ReadFile(c.input)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, c.name == "namespace-override")
	}
	f.Fuzz(func(t *testing.T, data []byte, override bool) {
		s, errs := spec.Parse("fuzz.yaml", data, spec.Options{})
		if len(errs) > 0 {
			return
		}
		opts := Options{}
		if override {
			opts.Namespace = "fuzz"
		}
		objs, err := Render(s, opts)
		if err != nil {
			var se *spec.Error
			if !errors.As(err, &se) || !se.Pos.IsValid() {
				t.Fatalf("render error without a position: %v", err)
			}
			return
		}
		if err := EncodeYAML(io.Discard, objs); err != nil {
			t.Fatalf("EncodeYAML: %v", err)
		}
		if err := EncodeJSON(io.Discard, objs); err != nil {
			t.Fatalf("EncodeJSON: %v", err)
		}
	})
}
