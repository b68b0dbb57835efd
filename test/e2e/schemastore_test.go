package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// TestSchemaStore holds the JSON Schema to what SchemaStore and editors
// need: schemastore/catalog-entry.json names swarm.yaml and *.swarm.yaml and
// points at the schema in this repository; the schema compiles with Ajv
// (what SchemaStore's own checks and most editors' YAML support run) in
// strict mode; every example is valid under it, and documents validate
// refuses for their structure are invalid under it too.
func TestSchemaStore(t *testing.T) {
	requireCLI(t)
	var entry struct {
		Name, Description, URL string
		FileMatch              []string `json:"fileMatch"`
		Versions               map[string]string
	}
	if err := json.Unmarshal(mustRead(t, filepath.Join(env.repoRoot, "schemastore", "catalog-entry.json")), &entry); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"swarm.yaml", "*.swarm.yaml"} {
		if !slices.Contains(entry.FileMatch, want) {
			t.Errorf("fileMatch %v lacks %s", entry.FileMatch, want)
		}
	}
	const prefix = "https://raw.githubusercontent.com/agentscale/agentscale/main/"
	if entry.Name == "" || entry.Description == "" || !strings.HasPrefix(entry.URL, prefix) {
		t.Errorf("catalog entry: %+v", entry)
	}
	schema := filepath.Join(env.repoRoot, strings.TrimPrefix(entry.URL, prefix))
	if printed := run(nil, nil, env.repoRoot, env.agentscale, "schema"); printed.stdout != string(mustRead(t, schema)) {
		t.Errorf("%s is not what agentscale schema prints", entry.URL)
	}

	npm, err := exec.LookPath("npm")
	if err != nil {
		t.Fatalf("npm is required (Node.js runs Ajv): %v", err)
	}
	dir := t.TempDir()
	if r := run(nil, nil, dir, npm, "install", "--no-audit", "--no-fund", "--silent", "--prefix", dir, "ajv@8.17.1", "ajv-formats@3.0.1"); r.err != nil {
		t.Fatalf("npm install ajv:\n%s", r)
	}
	check := filepath.Join(dir, "check.cjs")
	if err := os.WriteFile(check, mustRead(t, filepath.Join(env.e2eDir, "testdata", "schemastore", "check.cjs")), 0o644); err != nil {
		t.Fatal(err)
	}
	asJSON := func(name, y string) string {
		var v any
		if err := yaml.Unmarshal([]byte(y), &v); err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(v)
		p := filepath.Join(dir, name+".json")
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var valid []string
	examples, _ := filepath.Glob(filepath.Join(env.repoRoot, "examples", "*.yaml"))
	for _, ex := range examples {
		valid = append(valid, asJSON("valid-"+filepath.Base(ex), string(mustRead(t, ex))))
	}
	if len(valid) == 0 {
		t.Fatal("no examples")
	}
	node := func(args ...string) result {
		return run(nil, nil, dir, "node", append([]string{check, schema}, args...)...)
	}
	if r := node(append([]string{"valid"}, valid...)...); r.err != nil {
		t.Errorf("Ajv disagrees with agentscale on the examples:\n%s", r)
	}
	base := "apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\nmetadata: {name: s}\nspec:\n  roles:\n"
	var invalid []string
	for i, doc := range []string{
		base + "    - {name: a, image: \"a:1\", replicas: 1, memroy: 1}\n",          // unknown field
		base + "    - {name: a, image: \"a:1\", replicas: -1}\n",                    // below minimum
		base + "    - {name: a, image: \"a:1\", state: frozen}\n",                   // not in the enum
		base + "    - {name: a, image: \"a:1\", resources: {requests: {cpu: x}}}\n", // not a quantity
		"apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\nmetadata: {name: s}\nspec: {}\n",
	} {
		p := asJSON("invalid-"+string(rune('a'+i)), doc)
		// agentscale refuses each too: the two validators agree.
		y := strings.TrimSuffix(p, ".json") + ".yaml"
		if err := os.WriteFile(y, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		if r := run(nil, nil, env.repoRoot, env.agentscale, "validate", y); exitCode(r) != 1 {
			t.Errorf("agentscale validate accepts invalid document %d:\n%s", i, r)
		}
		invalid = append(invalid, p)
	}
	if r := node(append([]string{"invalid"}, invalid...)...); r.err != nil {
		t.Errorf("Ajv accepts what agentscale refuses:\n%s", r)
	}
}
