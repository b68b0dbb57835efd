package minischema

import (
	"fmt"
	"strings"
	"testing"
)

const testSchema = `{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "required": ["name"],
  "additionalProperties": false,
  "properties": {
    "name": {"$ref": "#/$defs/label"},
    "kind": {"const": "Swarm"},
    "state": {"enum": ["stateless", "soft", "hard"]},
    "count": {"type": "integer", "minimum": 0, "maximum": 10},
    "rate": {"type": "number", "exclusiveMinimum": 0},
    "tags": {"type": "array", "minItems": 1, "items": {"type": "string"}},
    "labels": {"type": "object", "propertyNames": {"$ref": "#/$defs/label"}, "additionalProperties": {"type": "string"}},
    "pdb": {"type": ["object", "boolean"], "if": {"type": "boolean"}, "then": {"const": false}, "maxProperties": 1},
    "override": {"type": "object", "not": {"required": ["name"]}}
  },
  "$defs": {"label": {"type": "string", "minLength": 1, "maxLength": 5, "pattern": "^[a-z]+$"}}
}`

func TestValidate(t *testing.T) {
	s, err := Compile([]byte(testSchema))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		doc  map[string]any
		want string
	}{
		{map[string]any{"name": "ab", "count": int64(3), "rate": 0.5, "tags": []any{"x"}, "pdb": false, "labels": map[string]any{"ok": "v"}}, ""},
		{map[string]any{}, "[] required [name]"},
		{map[string]any{"name": "ab", "nmae": 1, "zz": 2}, "[] additionalProperties [nmae zz]"},
		{map[string]any{"name": 5}, "[name] type integer"},
		{map[string]any{"name": ""}, "[name] minLength \n[name] pattern "},
		{map[string]any{"name": "abcdef"}, "[name] maxLength abcdef"},
		{map[string]any{"name": "A"}, "[name] pattern A"},
		{map[string]any{"name": "a", "kind": "Swam"}, "[kind] const Swam"},
		{map[string]any{"name": "a", "state": "hrad"}, "[state] enum hrad"},
		{map[string]any{"name": "a", "count": int64(11)}, "[count] maximum 11"},
		{map[string]any{"name": "a", "count": int64(-1)}, "[count] minimum -1"},
		{map[string]any{"name": "a", "count": 1.5}, "[count] type number"},
		{map[string]any{"name": "a", "count": 2.0}, ""},
		{map[string]any{"name": "a", "rate": int64(0)}, "[rate] exclusiveMinimum 0"},
		{map[string]any{"name": "a", "tags": []any{}}, "[tags] minItems <nil>"},
		{map[string]any{"name": "a", "tags": []any{"x", int64(1)}}, "[tags 1] type integer"},
		{map[string]any{"name": "a", "labels": map[string]any{"Bad": "v"}}, "[labels Bad] propertyNames <nil>"},
		{map[string]any{"name": "a", "pdb": true}, "[pdb] const true"},
		{map[string]any{"name": "a", "pdb": map[string]any{"a": 1, "b": 2}}, "[pdb] maxProperties <nil>"},
		{map[string]any{"name": "a", "override": map[string]any{"name": "x"}}, "[override] not map[name:x]"},
	}
	for _, tt := range tests {
		var got []string
		for _, e := range s.Validate(tt.doc) {
			detail := fmt.Sprint(e.Got)
			switch e.Kind {
			case Required, AdditionalProperties:
				detail = fmt.Sprint(e.Props)
			}
			got = append(got, fmt.Sprintf("%v %s %s", e.Path, e.Kind, detail))
		}
		if g := strings.Join(got, "\n"); g != tt.want {
			t.Errorf("%v:\n got %q\nwant %q", tt.doc, g, tt.want)
		}
	}
}

// TestCompileRefusesWhatItCannotCheck: a keyword outside the subset is an
// error, not silently ignored.
func TestCompileRefusesWhatItCannotCheck(t *testing.T) {
	for _, schema := range []string{
		`{"oneOf": [{"type": "string"}]}`,
		`{"patternProperties": {"^a": {}}}`,
		`{"$ref": "https://example.com/x.json"}`,
		`{"$ref": "#/$defs/missing"}`,
		`{"then": {}}`,
		`[]`,
	} {
		if _, err := Compile([]byte(schema)); err == nil {
			t.Errorf("%s compiled", schema)
		}
	}
}
