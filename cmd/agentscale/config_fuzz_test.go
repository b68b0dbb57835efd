package main

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzConfig feeds arbitrary text to the config file reader, the check of
// its keys and the flags it sets, for every command: a bad file is a
// positioned problem (exit 1), never a panic, a usage error or silence
// about where it is wrong.
func FuzzConfig(f *testing.F) {
	for _, seed := range []string{
		"lint: {failOn: warning}\nrender: {output: json}\n",
		"lint: {failon: warning}\nrendr: {output: json}\nrender: {outDir: ../x}\nsimulate: {plot: ../victim.png}\n",
		"lint: {rules: {latest-tag: off}, format: sarif}\n",
		"simulate: {duration: 10m, set: [a.max=3, b.min=1]}\n",
		"render: {namespace: [a, b]}\n", "render: 3\n", "- a\n", "a: &x [*x]\n", "{", "", "null\n",
		"validate: {output: yaml}\nlint: {failOn: nope}\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), ".agentscale.yaml")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		root := newRootCmd(streams{in: strings.NewReader(""), out: io.Discard, err: io.Discard})
		for _, cmd := range root.Commands() {
			err := (&config{file: path}).load(cmd)
			if err == nil {
				continue
			}
			var ee *exitError
			if !errors.As(err, &ee) || ee.code != exitProblem {
				t.Fatalf("%s: %v is not a problem with the file (exit 1)", cmd.Name(), err)
			}
			for _, e := range problemErrors(err) {
				// A fault of the whole file (too large) is at the file, line 0.
				if e.Pos.File != path || !e.Pos.IsValid() && e.Pos.Line != 0 {
					t.Fatalf("%s: error not positioned in the file: %v", cmd.Name(), e)
				}
			}
		}
	})
}
