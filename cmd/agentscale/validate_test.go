package main

import (
	"os"
	"path/filepath"
	"testing"
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
		{name: "unknown environment", args: []string{"validate", "--env", "staging", "testdata/envs.yaml"}, code: 1,
			stderr: "testdata/envs.yaml:9:3: environments: unknown environment \"staging\" (defined: prod)\n"},
		{name: "directory is an input problem", args: []string{"validate", dir}, code: 1,
			stderr: dir + ": is a directory: name a swarm file\n"},
		{name: "unreadable path", args: []string{"validate", missing}, code: 2,
			stderr: "agentscale: cannot read " + missing + ": no such file or directory\n"},
		{name: "unreadable path wins over invalid files", args: []string{"validate", "testdata/invalid.yaml", missing}, code: 2,
			stderr: "~agentscale: cannot read " + missing},
		{name: "no arguments", args: []string{"validate"}, code: 2,
			stderr: "~requires at least 1 arg"},
		{name: "unknown flag", args: []string{"validate", "--nope", "x"}, code: 2,
			stderr: "agentscale: unknown flag: --nope\n"},
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
	cliCase{name: "no args", args: []string{"schema", "x"}, code: 2, stderr: "~unknown command \"x\""}.check(t)
}

func mustReadFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
