package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const lintBadManifest = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  template:
    spec:
      containers: [{name: app, image: app:1, resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 64Mi}}}]
`

func TestLintCommand(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	bad := write("bad.yaml", lintBadManifest)
	warnConfig := write("warn.yaml", "lint:\n  failOn: warning\n  format: github\n")
	offConfig := write("off.yaml", "lint:\n  rules:\n    missing-pdb: off\n")
	badConfig := write("badrule.yaml", "lint:\n  rules:\n    no-such-rule: off\n")
	example := filepath.Join("..", "..", "examples", "market-research.yaml")

	tests := []struct {
		name     string
		args     []string
		stdin    string
		code     int
		out, err string // substrings; "" means the stream must be empty
	}{
		{name: "clean example is quiet", args: []string{"lint", example}},
		{name: "warning does not fail by default", args: []string{"lint", bad},
			out: bad + ":1:1: warning missing-pdb: Deployment web runs up to 3 replicas"},
		{name: "fail on warning", args: []string{"lint", "--fail-on", "warning", bad}, code: 1, out: "1 problem (1 warning)"},
		{name: "config sets failOn and format", args: []string{"lint", "--config", warnConfig, bad}, code: 1,
			out: "::warning file=" + bad + ",line=1,col=1,title=missing-pdb::"},
		{name: "flags override config", args: []string{"lint", "--config", warnConfig, "--fail-on", "error", "-o", "json", bad},
			out: `"rule": "missing-pdb"`},
		{name: "config switches a rule off", args: []string{"lint", "--config", offConfig, "--fail-on", "info", bad}},
		{name: "unknown rule in config", args: []string{"lint", "--config", badConfig, bad}, code: 1,
			out: "badrule.yaml:3:5: error bad-config: unknown rule \"no-such-rule\""},
		{name: "stdin", args: []string{"lint", "--fail-on", "warning", "-"}, stdin: lintBadManifest, code: 1,
			out: "<stdin>:1:1: warning missing-pdb"},
		{name: "never fails", args: []string{"lint", "--fail-on", "never", "-"}, stdin: "kind: [", out: "parse-error"},
		{name: "parse error fails", args: []string{"lint", "-"}, stdin: "apiVersion: v1\nkind: [\n", code: 1, out: "<stdin>:2:1: error parse-error"},
		{name: "json when clean", args: []string{"lint", "-o", "json", example}, out: `"findings": []`},
		{name: "colour on request", args: []string{"lint", "--color", "always", bad}, out: "\x1b[33mwarning\x1b[0m"},
		{name: "missing path", args: []string{"lint", filepath.Join(dir, "nope.yaml")}, code: 2, err: "cannot read"},
		{name: "a missing path does not stop the others", args: []string{"lint", filepath.Join(dir, "nope.yaml"), bad}, code: 2,
			out: bad + ":1:1: warning missing-pdb", err: "agentscale: cannot read " + filepath.Join(dir, "nope.yaml") + ": no such file or directory\n"},
		{name: "json carries the missing path", args: []string{"lint", "-o", "json", filepath.Join(dir, "nope.yaml"), bad}, code: 2,
			out: `"unread": [`, err: "cannot read"},
		{name: "no path", args: []string{"lint"}, code: 2, err: "lint needs a PATH"},
		{name: "bad fail level", args: []string{"lint", "--fail-on", "sometimes", bad}, code: 2, err: "--fail-on"},
		{name: "bad format", args: []string{"lint", "-o", "xml", bad}, code: 2, err: `invalid argument "xml" for "-o, --output" flag: want one of text, json, sarif, github`},
		{name: "bad format, old spelling", args: []string{"lint", "--format", "xml", bad}, code: 2, err: `invalid argument "xml" for "-o, --output" flag: want one of text, json, sarif, github`},
		{name: "list rules", args: []string{"lint", "--list-rules"}, out: "missing-pdb"},
		{name: "explain", args: []string{"explain", "missing-pdb"}, out: "missing-pdb (warning)\n\nWhy: "},
		{name: "explain unknown", args: []string{"explain", "nope"}, code: 2, err: `unknown rule "nope"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run(tt.args, strings.NewReader(tt.stdin), &out, &errOut)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, &out, &errOut)
			}
			for _, s := range []struct {
				name, got, want string
			}{{"stdout", out.String(), tt.out}, {"stderr", errOut.String(), tt.err}} {
				if s.want == "" && s.got != "" {
					t.Errorf("%s should be empty, got:\n%s", s.name, s.got)
				}
				if !strings.Contains(s.got, s.want) {
					t.Errorf("%s lacks %q:\n%s", s.name, s.want, s.got)
				}
			}
		})
	}
}

// TestExamplesLintClean: every example and feature swarm is one an expert
// would write, so agentscale's own lint has nothing to say about it (the e2e
// suite holds the rendered output to kube-linter and kube-score, which
// catch the same mistakes minutes later). pdb-false asks for no PDB on
// purpose.
func TestExamplesLintClean(t *testing.T) {
	expected := map[string]string{"pdb-false.yaml": "warning missing-pdb"}
	var files []string
	for _, glob := range []string{"../../examples/*.yaml", "../../testdata/golden/*.yaml"} {
		m, err := filepath.Glob(glob)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range m {
			if !strings.HasSuffix(f, ".out.yaml") && !strings.HasSuffix(f, ".adapter-values.yaml") {
				files = append(files, f)
			}
		}
	}
	if len(files) < 20 {
		t.Fatalf("found %d swarm files; the globs are wrong", len(files))
	}
	for _, f := range files {
		var out, errOut bytes.Buffer
		code := run([]string{"lint", f}, strings.NewReader(""), &out, &errOut)
		want := expected[filepath.Base(f)]
		switch {
		case code != 0 || errOut.Len() > 0:
			t.Errorf("lint %s: exit %d\n%s%s", f, code, &out, &errOut)
		case want == "" && out.Len() > 0:
			t.Errorf("lint %s has findings:\n%s", f, &out)
		case want != "" && !strings.Contains(out.String(), want):
			t.Errorf("lint %s lacks %q:\n%s", f, want, &out)
		}
	}
}
