package spec

import (
	"bytes"
	"fmt"
	"github.com/agentscale/agentscale/internal/fuzzseed"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"

	"github.com/agentscale/agentscale/internal/minischema"
)

// The reference validator: santhosh-tekuri/jsonschema/v6, which the
// loader used until its start-up cost mattered (see internal/minischema).
var (
	refOnce   sync.Once
	refSchema *jsonschema.Schema
	refErr    error
)

func referenceSchema() (*jsonschema.Schema, error) {
	refOnce.Do(func() {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(SchemaJSON))
		if err != nil {
			refErr = err
			return
		}
		c := jsonschema.NewCompiler()
		if refErr = c.AddResource(SchemaID, doc); refErr == nil {
			refSchema, refErr = c.Compile(SchemaID)
		}
	})
	return refSchema, refErr
}

// referenceLeaves are the library's failures as "path kind", the way the
// loader used to collect them.
func referenceLeaves(t testing.TB, doc any) []string {
	sch, err := referenceSchema()
	if err != nil {
		t.Fatal(err)
	}
	err = sch.Validate(doc)
	if err == nil {
		return nil
	}
	var out []string
	var walk func(ve *jsonschema.ValidationError)
	walk = func(ve *jsonschema.ValidationError) {
		switch k := ve.ErrorKind.(type) {
		case *kind.PropertyNames:
			// The library's location of these is the mapping's parent's,
			// not reliable: compare the key only.
			out = append(out, strconv.Quote(k.Property)+" propertyNames")
			return
		case *kind.AdditionalProperties:
			for _, p := range k.Properties {
				out = append(out, joinKey(pathOf(ve.InstanceLocation), p)+" additionalProperties")
			}
			return
		}
		if len(ve.Causes) > 0 {
			for _, c := range ve.Causes {
				walk(c)
			}
			return
		}
		name := strings.TrimPrefix(fmt.Sprintf("%T", ve.ErrorKind), "*kind.")
		out = append(out, pathOf(ve.InstanceLocation)+" "+strings.ToLower(name[:1])+name[1:])
	}
	walk(err.(*jsonschema.ValidationError))
	slices.Sort(out)
	return out
}

func miniLeaves(t testing.TB, doc any) []string {
	sch, err := compiledSchema()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range sch.Validate(doc) {
		k := string(e.Kind)
		if e.Kind == minischema.False {
			k = "falseSchema"
		}
		if e.Kind == minischema.PropertyNames {
			out = append(out, strconv.Quote(e.Property)+" propertyNames")
			continue
		}
		if e.Kind == minischema.AdditionalProperties {
			for _, p := range e.Props {
				out = append(out, joinKey(pathOf(e.Path), p)+" additionalProperties")
			}
			continue
		}
		out = append(out, pathOf(e.Path)+" "+k)
	}
	slices.Sort(out)
	return out
}

// sameVerdict fails t when minischema and the library disagree on doc:
// valid or not, and the failing paths and keywords.
func sameVerdict(t testing.TB, name string, data []byte) {
	root, errs := parseYAML(name, data)
	if len(errs) > 0 {
		return
	}
	doc := toJSON(root, "", newPositions("", 0))
	ref, mini := referenceLeaves(t, doc), miniLeaves(t, doc)
	if strings.Join(ref, "\n") != strings.Join(mini, "\n") {
		t.Errorf("%s: minischema disagrees with jsonschema/v6\n reference: %q\nminischema: %q", name, ref, mini)
	}
}

// swarmFiles are the repository's swarm files and broken swarm files.
func swarmFiles(t testing.TB) []string {
	var files []string
	for _, g := range []string{"../../examples/*.yaml", "../../testdata/*/*.yaml", "../../testdata/hostile/*", "../../testdata/typos/*.yaml", "testdata/*.yaml", "../*/testdata/*.yaml"} {
		m, _ := filepath.Glob(g)
		files = append(files, m...)
	}
	if len(files) < 30 {
		t.Fatalf("only %d files", len(files))
	}
	return files
}

// TestSchemaDifferential holds minischema to the library's verdicts on
// every swarm file in the repository and on the error table's inputs.
func TestSchemaDifferential(t *testing.T) {
	for _, f := range swarmFiles(t) {
		data, err := os.ReadFile(f)
		if err != nil || len(data) > 1<<20 {
			continue
		}
		sameVerdict(t, f, data)
	}
	for _, tc := range errorCases {
		sameVerdict(t, tc.name, []byte(tc.input()))
	}
}

// FuzzSchemaDifferential mutates swarm files: whatever YAML comes out,
// minischema and the library agree on it.
func FuzzSchemaDifferential(f *testing.F) {
	for _, name := range []string{"../../examples/market-research.yaml", "../../examples/cron-window.yaml", "../../examples/headroom-node-pools.yaml"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\nmetadata: {name: a}\nspec: {roles: [{name: a, replicas: 1.5, disruption: true}]}"))
	fuzzseed.Typos(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64<<10 {
			return
		}
		sameVerdict(t, "fuzz.yaml", data)
	})
}
