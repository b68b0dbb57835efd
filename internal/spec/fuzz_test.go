package spec

import (
	"github.com/agentscale/agentscale/internal/fuzzseed"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse: whatever the bytes, Parse returns a valid swarm or positioned
// errors, never a panic. CI runs it for a short fixed time; the corpus
// starts from the examples, the templates and the bad inputs.
func FuzzParse(f *testing.F) {
	fuzzseed.Hostile(f)
	fuzzseed.Typos(f)
	for _, glob := range []string{"../../examples/*.yaml", "../../templates/*.yaml", "testdata/*.yaml"} {
		files, _ := filepath.Glob(glob)
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	for _, data := range badInputs() {
		if len(data) < 64<<10 { // huge seeds only slow the fuzzer down
			f.Add(data)
		}
	}
	f.Add([]byte(mergeDoc))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, errs := Parse("fuzz.yaml", data, Options{})
		if (s == nil) == (len(errs) == 0) {
			t.Fatalf("Parse returned swarm %v and %d errors", s != nil, len(errs))
		}
		for i, e := range errs {
			if e.Pos.File != "fuzz.yaml" || e.Msg == "" {
				t.Fatalf("error without a file or a message: %#v", e)
			}
			if i > 0 && e.Pos.Before(errs[i-1].Pos) {
				t.Fatalf("errors out of order: %v before %v", errs[i-1], e)
			}
		}
		// An environment applied to whatever the file holds must not panic either.
		if es, envErrs := Parse("fuzz.yaml", data, Options{Env: "prod"}); (es == nil) == (len(envErrs) == 0) {
			t.Fatalf("Parse with an environment returned swarm %v and %d errors", es != nil, len(envErrs))
		}
		if s == nil {
			return
		}
		if again := Validate(s); len(again) > 0 {
			t.Fatalf("a parsed swarm fails Validate: %v", again)
		}
		for i, r := range s.Spec.Roles {
			if r.Replicas == nil || r.Image == "" || r.State == "" {
				t.Fatalf("role %d not settled: %+v", i, r)
			}
		}
	})
}
