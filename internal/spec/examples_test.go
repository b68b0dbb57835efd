package spec

import (
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// TestExamples: every example and template validates, in every environment.
func TestExamples(t *testing.T) {
	files, _ := filepath.Glob("../../examples/*.yaml")
	more, _ := filepath.Glob("../../templates/*.yaml")
	files = append(files, more...)
	if len(files) < 12 {
		t.Fatalf("found %d examples and templates", len(files))
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			s, errs := Parse(file, data, Options{})
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			envs := make([]string, 0, len(s.Spec.Environments))
			for name := range s.Spec.Environments {
				envs = append(envs, name)
			}
			sort.Strings(envs)
			for _, env := range envs {
				if _, errs := Parse(file, data, Options{Env: env}); len(errs) > 0 {
					t.Errorf("environment %s: %v", env, errs)
				}
			}
		})
	}
}
