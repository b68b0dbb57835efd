package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestImportCommand(t *testing.T) {
	rendered := cli(t, "", "render", "../../examples/kafka-worker.yaml")
	if rendered.code != 0 {
		t.Fatal(rendered.stderr)
	}
	dir := t.TempDir()
	empty := filepath.Join(dir, "cm.yaml")
	os.WriteFile(empty, []byte("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"), 0o644)
	for _, c := range []cliCase{
		{name: "no path", args: []string{"import"}, code: 2, stderr: "agentscale: import needs a PATH (manifest files, directories, or - for stdin), as in: agentscale import deploy/ > swarm.yaml\n"},
		{name: "render's own output", args: []string{"import", "-"}, stdin: rendered.stdout, code: 0, stdout: "~- name: responder\n", stderr: "imported 1 role of swarm support from 5 objects: render reproduces them exactly\n"},
		{name: "a swarm file", args: []string{"import", "../../examples/kafka-worker.yaml"}, code: 1, stderr: "../../examples/kafka-worker.yaml:5:7: this is a swarm file already: import reads Kubernetes manifests\n"},
		{name: "no workload", args: []string{"import", empty}, code: 1, stderr: "~no Deployment, StatefulSet, Job or ScaledJob to import"},
		{name: "foreign manifests: the report", args: []string{"import", "../../internal/importer/testdata/queue-worker.yaml"}, code: 0, stdout: "~name: worker", stderr: "~  Deployment/jobs/worker: render names it jobs-worker\n"},
		{name: "-o json", args: []string{"import", "-o", "json", "-"}, stdin: rendered.stdout, code: 0, stdout: "~\"apiVersion\": \"agentscale.dev/v1alpha1\"", stderr: "~render reproduces them exactly"},
	} {
		t.Run(c.name, c.check)
	}

	// --out-dir writes swarm.yaml and its schema, and never over a file.
	out := filepath.Join(dir, "agents")
	if got := cli(t, rendered.stdout, "import", "--out-dir", out, "-"); got.code != 0 || !strings.Contains(got.stderr, "wrote "+filepath.Join(out, "swarm.yaml")) {
		t.Fatalf("--out-dir: %d %s", got.code, got.stderr)
	}
	if got := cli(t, "", "validate", filepath.Join(out, "swarm.yaml")); got.code != 0 {
		t.Errorf("the written swarm does not validate: %s", got.stderr)
	}
	before, _ := os.ReadFile(filepath.Join(out, "swarm.yaml"))
	if got := cli(t, "", "import", "--out-dir", out, "../../internal/importer/testdata/queue-worker.yaml"); got.code != 2 || !strings.Contains(got.stderr, "already exists (use --force to overwrite)") {
		t.Errorf("a second import over it: %d %s", got.code, got.stderr)
	}
	if after, _ := os.ReadFile(filepath.Join(out, "swarm.yaml")); string(after) != string(before) {
		t.Error("a refused import changed the file")
	}
}

func TestImportFlags(t *testing.T) {
	qw := "../../internal/importer/testdata/queue-worker.yaml"
	for _, c := range []cliCase{
		{name: "a bad --name is a usage error", args: []string{"import", "--name", "Bad_Name", qw}, code: 2, stderr: "~agentscale: --name \"Bad_Name\": swarm name \"Bad_Name\": a lowercase RFC 1123 label"},
		{name: "a path twice is read once", args: []string{"import", qw, qw}, code: 0, stdout: "~name: worker", stderr: "~imported 1 role of swarm jobs from 5 objects"},
	} {
		t.Run(c.name, c.check)
	}
	// On stdout there is no schema line pointing at a file that is not there.
	if got := cli(t, "", "import", qw); strings.Contains(got.stdout, "yaml-language-server") || !strings.HasPrefix(got.stdout, "# Imported by agentscale import") {
		t.Errorf("stdout starts %q", got.stdout[:min(80, len(got.stdout))])
	}
}
