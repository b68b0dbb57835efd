package lint_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/agentscale/agentscale/internal/lint"
	"github.com/agentscale/agentscale/internal/lint/linttest"
	"github.com/agentscale/agentscale/internal/lint/report"
	"github.com/agentscale/agentscale/internal/lint/rules"
)

// TestGolden lints each input of testdata/lint (a file, or a directory
// linted as one run) and compares every output format with its golden file,
// testdata/lint/<input>.<format>.golden. -update rewrites them.
func TestGolden(t *testing.T) {
	root := filepath.Join("..", "..")
	inputs, err := filepath.Glob(filepath.Join(root, "testdata", "lint", "*"))
	if err != nil {
		t.Fatal(err)
	}
	reg := rules.Registry()
	n := 0
	for _, in := range inputs {
		if strings.HasSuffix(in, ".golden") {
			continue
		}
		n++
		rel, _ := filepath.Rel(root, in)
		rel = filepath.ToSlash(rel)
		t.Run(filepath.Base(in), func(t *testing.T) {
			srcs, unread, err := lint.Read([]string{in}, nil)
			if err != nil || len(unread) > 0 {
				t.Fatal(err, unread)
			}
			for i := range srcs { // name files as from the repository root
				srcs[i].Name = filepath.ToSlash(strings.TrimPrefix(srcs[i].Name, root+string(filepath.Separator)))
			}
			fs := lint.Run(srcs, lint.Options{Rules: reg, Render: linttest.Render})
			if len(fs) == 0 {
				t.Errorf("%s lints clean; the corpus holds bad inputs", rel)
			}
			for _, format := range report.Formats {
				var buf bytes.Buffer
				if err := report.Write(&buf, fs, reg, report.Options{Format: format, Version: func() string { return "test" }}); err != nil {
					t.Fatal(err)
				}
				golden := in + "." + format + ".golden"
				if *update {
					if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run make golden)", err)
				}
				if !bytes.Equal(buf.Bytes(), want) {
					t.Errorf("%s differs from %s (run make golden and review the diff):\n%s", format, golden, buf.String())
				}
			}
		})
	}
	if n == 0 {
		t.Fatal("no inputs in testdata/lint")
	}
}
