package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTypos runs validate and lint on every file of testdata/typos (one
// realistic mistake each) and compares what a person sees, exit code
// included, with NAME.validate.golden and NAME.lint.golden (make golden
// rewrites them; review the diff). validate or lint must catch every one
// (an error, or a lint warning): a mistake neither reports is what the
// corpus exists to prevent.
func TestTypos(t *testing.T) {
	files, err := filepath.Glob("../../testdata/typos/*.yaml")
	if err != nil || len(files) < 25 {
		t.Fatalf("typos corpus: %d files, %v", len(files), err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".yaml")
		t.Run(name, func(t *testing.T) {
			rel := filepath.ToSlash(filepath.Join("testdata/typos", filepath.Base(f)))
			caught := false
			for _, cmd := range []string{"validate", "lint"} {
				r := cli(t, "", cmd, "--", f)
				if r.code != 0 || cmd == "lint" && r.stdout != "" {
					caught = true // an error, or a warning lint prints
				}
				// Paths as a person in the repository root types them.
				out := strings.ReplaceAll(fmt.Sprintf("exit %d\n%s%s", r.code, r.stdout, r.stderr), f, rel)
				golden := strings.TrimSuffix(f, ".yaml") + "." + cmd + ".golden"
				if *update {
					if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run make golden)", err)
				}
				if !bytes.Equal([]byte(out), want) {
					t.Errorf("agentscale %s %s differs from %s (run make golden and review the diff)\n got:\n%s\nwant:\n%s", cmd, rel, filepath.Base(golden), out, want)
				}
			}
			if !caught {
				t.Errorf("neither validate nor lint fails on %s", rel)
			}
		})
	}
}
