package spec

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/agentscale/agentscale/internal/minischema"
)

// TestSchemaMatchesTypes: the schema and the Go types name the same fields,
// so neither can drift from the other (the schema is the format's contract,
// the types are what render, lint and simulate read).
func TestSchemaMatchesTypes(t *testing.T) {
	var doc struct {
		Properties map[string]struct {
			Properties map[string]any `json:"properties"`
		} `json:"properties"`
		Defs map[string]struct {
			Properties map[string]any `json:"properties"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(SchemaJSON, &doc); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		def string
		typ any
	}{
		{"roleFields", Role{}},
		{"defaults", RoleDefaults{}},
		{"nodePool", NodePool{}},
		{"headroom", Headroom{}},
		{"monitoring", Monitoring{}},
		{"metrics", Metrics{}},
		{"hpa", HPA{}},
		{"hpaMetric", HPAMetric{}},
		{"keda", KEDA{}},
		{"trigger", Trigger{}},
		{"storage", Storage{}},
		{"simulation", Simulation{}},
		{"environment", Environment{}},
		{"probes", Probes{}},
		{"scaling", Scaling{}},
	}
	for _, c := range cases {
		schemaFields := keys(doc.Defs[c.def].Properties)
		goFields := jsonFields(reflect.TypeOf(c.typ))
		if strings.Join(schemaFields, ",") != strings.Join(goFields, ",") {
			t.Errorf("%s: schema has %v, Go type has %v", c.def, schemaFields, goFields)
		}
	}
	if got, want := keys(doc.Properties["spec"].Properties), jsonFields(reflect.TypeOf(SwarmSpec{})); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("spec: schema has %v, Go type has %v", got, want)
	}
	if got, want := keys(doc.Properties["metadata"].Properties), jsonFields(reflect.TypeOf(Metadata{})); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("metadata: schema has %v, Go type has %v", got, want)
	}
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func jsonFields(t reflect.Type) []string {
	var out []string
	for i := 0; i < t.NumField(); i++ {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// TestSchemaIsValid compiles the embedded schema against the draft 2020-12
// metaschema with the reference library, and with minischema, which the
// loader uses.
func TestSchemaIsValid(t *testing.T) {
	if _, err := referenceSchema(); err != nil {
		t.Fatal(err)
	}
	s, err := minischema.Compile(SchemaJSON)
	if err != nil {
		t.Fatal(err)
	}
	// schema_gen.go is what minischema makes of schema.json today.
	src, err := s.GoSource("spec", "swarmSchema", "hack/schemagen from schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if have, _ := os.ReadFile("schema_gen.go"); !bytes.Equal(have, src) {
		t.Error("schema_gen.go is not current: run go generate ./internal/spec")
	}
	var v map[string]any
	if err := json.Unmarshal(SchemaJSON, &v); err != nil || v["$id"] != SchemaID {
		t.Fatalf("$id = %v, want %s (%v)", v["$id"], SchemaID, err)
	}
}
