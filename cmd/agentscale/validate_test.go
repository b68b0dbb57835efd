package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestValidateCommand(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.yaml")
	validSwarm, _ := os.ReadFile("testdata/envs.yaml")
	cases := []cliCase{
		{name: "valid", args: []string{"validate", "testdata/envs.yaml"}, code: 0,
			stdout: "testdata/envs.yaml: OK\n"},
		{name: "several valid files", args: []string{"validate", "testdata/envs.yaml", example}, code: 0,
			stdout: "2 files: OK\n"},
		{name: "every error, in file order", args: []string{"validate", "testdata/invalid.yaml"}, code: 1,
			stderr: "testdata/invalid.yaml:6:62: roles[0].replicas.min: min (3) must be <= max (1)\n" +
				"testdata/invalid.yaml:7:14: roles[1].name: duplicate role name \"a\" (first defined at line 6)\n" +
				"testdata/invalid.yaml:7:56: roles[1].nodePool: node pool \"gpu\" is not defined in spec.nodePools\n"},
		{name: "errors of every file", args: []string{"validate", "testdata/invalid.yaml", "testdata/envs.yaml", "-"}, stdin: "kind: [", code: 1,
			stderr: "~testdata/invalid.yaml:7:56:"},
		{name: "stdin is <stdin>", args: []string{"validate", "-"}, stdin: "kind: [", code: 1,
			stderr: "<stdin>:1:1: invalid YAML: did not find expected node content\n"},
		{name: "stdin valid", args: []string{"validate", "-"}, stdin: string(validSwarm), code: 0,
			stdout: "<stdin>: OK\n"},
		{name: "environment", args: []string{"validate", "--env", "prod", "testdata/envs.yaml"}, code: 0,
			stdout: "testdata/envs.yaml: OK\n"},
		{name: "environment whose kustomize patch does not apply", args: []string{"validate", "--env", "bad", writeBadEnv(t)}, code: 1,
			stderr: "~environments.bad.kustomize.patches[0]: kustomize:"},
		{name: "unknown environment", args: []string{"validate", "--env", "staging", "testdata/envs.yaml"}, code: 1,
			stderr: "testdata/envs.yaml:9:3: environments: unknown environment \"staging\" (defined: prod)\n"},
		{name: "directory is an input problem", args: []string{"validate", dir}, code: 1,
			stderr: dir + ": is a directory, not a swarm file\n"},
		{name: "unreadable path", args: []string{"validate", missing}, code: 2,
			stderr: "agentscale: cannot read " + missing + ": no such file or directory\n"},
		{name: "unreadable path wins over invalid files", args: []string{"validate", "testdata/invalid.yaml", missing}, code: 2,
			stderr: "~agentscale: cannot read " + missing},
		{name: "a missing file does not hide the errors of the next", args: []string{"validate", missing, "testdata/invalid.yaml"}, code: 2,
			stderr: "agentscale: cannot read " + missing + ": no such file or directory\n" +
				"testdata/invalid.yaml:6:62: roles[0].replicas.min: min (3) must be <= max (1)\n" +
				"testdata/invalid.yaml:7:14: roles[1].name: duplicate role name \"a\" (first defined at line 6)\n" +
				"testdata/invalid.yaml:7:56: roles[1].nodePool: node pool \"gpu\" is not defined in spec.nodePools\n"},
		{name: "a device is refused, not read", args: []string{"validate", "/dev/zero"}, code: 1,
			stderr: "/dev/zero: is a character device, not a regular file: agentscale reads a swarm file only from a regular file (or - for standard input)\n"},
		{name: "json: lint's error objects", args: []string{"validate", "-o", "json", "testdata/invalid.yaml"}, code: 1,
			stdout: "~" + `"line": 7,
      "column": 56,
      "severity": "error",
      "rule": "invalid-swarm",
      "message": "roles[1].nodePool: node pool \"gpu\" is not defined in spec.nodePools",`},
		{name: "json: a valid file is an empty list", args: []string{"validate", "-o", "json", "testdata/envs.yaml"}, code: 0,
			stdout: "{\n  \"version\": 1,\n  \"findings\": [],\n  \"summary\": {\n    \"errors\": 0,\n    \"warnings\": 0,\n    \"infos\": 0\n  }\n}\n"},
		{name: "github annotations", args: []string{"validate", "-o", "github", "testdata/invalid.yaml"}, code: 1,
			stdout: "~::error file=testdata/invalid.yaml,line=6,col=62,title=invalid-swarm::roles[0].replicas.min: min (3) must be <= max (1)\n"},
		{name: "json: unreadable files still exit 2", args: []string{"validate", "-o", "json", missing, "testdata/invalid.yaml"}, code: 2,
			stdout: "~\"errors\": 3,", stderr: "agentscale: cannot read " + missing + ": no such file or directory\n"},
		{name: "json: unreadable files are in the document", args: []string{"validate", "-o", "json", missing, "testdata/envs.yaml"}, code: 2,
			stdout: "~  \"unread\": [\n    {\n      \"file\": \"" + missing + "\",\n      \"message\": \"no such file or directory\"\n    }\n  ]\n}\n", stderr: "~cannot read"},
		{name: "sarif: an unreadable file makes the invocation unsuccessful", args: []string{"validate", "-o", "sarif", missing}, code: 2,
			stdout: "~\"invocations\": [\n        {\n          \"executionSuccessful\": false,\n          \"toolExecutionNotifications\": [\n            {\n              \"level\": \"error\",\n              \"message\": {\n                \"text\": \"cannot read " + missing + ": no such file or directory\"\n              },", stderr: "~cannot read"},
		{name: "github: an unreadable file is an annotation", args: []string{"validate", "-o", "github", missing}, code: 2,
			stdout: "::error file=" + missing + ",title=agentscale::cannot read " + missing + ": no such file or directory\n", stderr: "~cannot read"},
		{name: "unknown output format", args: []string{"validate", "-o", "xml", "x"}, code: 2,
			stderr: "~want one of text, json, sarif, github"},
		{name: "no arguments", args: []string{"validate"}, code: 2,
			stderr: "agentscale: validate needs a swarm FILE (or - for stdin), as in: agentscale validate swarm.yaml\n"},
		{name: "unknown flag", args: []string{"validate", "--nope", "x"}, code: 2,
			stderr: "agentscale: unknown flag: --nope\n"},
		{name: "misspelt flag", args: []string{"validate", "--evn", "prod", "x"}, code: 2,
			stderr: "agentscale: unknown flag: --evn (did you mean \"--env\"?)\n"},
		{name: "misspelt command", args: []string{"valdate", "x"}, code: 2,
			stderr: "~Did you mean this?\n\tvalidate"},
		{name: "misspelt rule", args: []string{"explain", "missing-memory-limt"}, code: 2,
			stderr: "agentscale: unknown rule \"missing-memory-limt\" (did you mean \"missing-memory-limit\"?) (agentscale lint --list-rules lists them)\n"},
		{name: "misspelt template", args: []string{"init", "--template", "queue-workr", t.TempDir()}, code: 2,
			stderr: "agentscale: init: unknown template \"queue-workr\" (did you mean \"queue-worker\"?)\n"},
	}
	for _, c := range cases {
		t.Run(c.name, c.check)
	}
}

func TestSchemaCommand(t *testing.T) {
	got := cli(t, "", "schema")
	if got.code != 0 || got.stdout != string(mustReadFile(t, "../../internal/spec/schema.json")) {
		t.Errorf("schema: exit %d, output differs from the embedded schema", got.code)
	}
	cliCase{name: "no args", args: []string{"schema", "x"}, code: 2, stderr: "agentscale: schema takes no arguments, got \"x\"\n"}.check(t)
}

func mustReadFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestValidateBadInput: hostile and broken files end in a clear error and
// exit 1 within a second; an unreadable path is exit 2.
func TestValidateBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	bomb := "a: &a [x, x, x, x, x, x, x, x, x]\n"
	prev := "a"
	for _, n := range []string{"b", "c", "d", "e", "f", "g", "h", "i"} {
		bomb += n + ": &" + n + " [*" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + "]\n"
		prev = n
	}
	big := filepath.Join(dir, "big.yaml")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	f.Truncate(50 << 20)
	f.Close()
	cases := []struct {
		name, path, stderr string
		code               int
	}{
		{"malformed YAML", write("malformed.yaml", []byte("kind: [Swarm\n")), "malformed.yaml:1:1: invalid YAML: did not find expected ',' or ']'", 1},
		{"alias bomb", write("bomb.yaml", []byte(bomb)), "(a YAML alias bomb?)", 1},
		{"50 MB file", big, "big.yaml: file is 50.0 MiB; a swarm file may be at most 8 MiB", 1},
		{"binary garbage", write("garbage.yaml", []byte{0x89, 'P', 'N', 'G', 0, 0, 0xff}), "garbage.yaml:1:1: file is not UTF-8 text", 1},
		{"wrong types", write("types.yaml", []byte("apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\nmetadata: {name: [x]}\nspec: {roles: 3}\n")), "types.yaml:3:18: metadata.name: must be a string, not a list", 1},
		{"unknown fields", write("unknown.yaml", []byte("apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\nmetadata: {name: x, owner: me}\nspec: {roles: [{name: a, image: x:1}]}\n")), "unknown.yaml:3:21: metadata.owner: unknown field", 1},
		{"empty file", write("empty.yaml", nil), "empty.yaml:1:1: file is empty", 1},
		{"a directory", dir, ": is a directory, not a swarm file", 1},
		{"unreadable path", filepath.Join(dir, "nope", "swarm.yaml"), "agentscale: cannot read", 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			got := cli(t, "", "validate", c.path)
			if d := time.Since(start); d > time.Second {
				t.Errorf("took %v", d)
			}
			if got.code != c.code || !strings.Contains(got.stderr, c.stderr) || got.stdout != "" {
				t.Errorf("exit %d, stderr %q, stdout %q; want exit %d and %q", got.code, got.stderr, got.stdout, c.code, c.stderr)
			}
		})
	}
}
