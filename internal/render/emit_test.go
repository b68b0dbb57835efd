package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"
)

// readBack parses emitted YAML with a real YAML parser.
func readBack(t testing.TB, b []byte) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(b, &v); err != nil {
		t.Fatalf("emitted YAML does not parse: %v\n%s", err, b)
	}
	return normalize(v)
}

// normalize makes parsed and cleaned data comparable: ints as int64.
func normalize(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = normalize(e)
		}
	case []any:
		for i, e := range x {
			x[i] = normalize(e)
		}
	case int:
		return int64(x)
	}
	return v
}

// TestEmitReadsBack checks that every rendered object, emitted, parses back
// to exactly the cleaned data.
func TestEmitReadsBack(t *testing.T) {
	for _, c := range goldenCases(t) {
		for _, o := range renderFile(t, c) {
			want, err := cleanObject(o.Obj)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			emitYAML(&buf, want)
			if got := readBack(t, buf.Bytes()); !reflect.DeepEqual(got, normalize(asMap(want))) {
				t.Errorf("%s: %s reads back differently:\n%s", c.name, describe(o), buf.String())
			}
		}
	}
}

func TestEmitString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"250m", "250m"},
		{"1Gi", "1Gi"},
		{"--mode=triage", "--mode=triage"},
		{"sum(<<.Series>>{<<.LabelMatchers>>}) by (<<.GroupBy>>)", "sum(<<.Series>>{<<.LabelMatchers>>}) by (<<.GroupBy>>)"},
		{"1000", `"1000"`},
		{"1.8.0", `"1.8.0"`},
		{"true", `"true"`},
		{"No", `"No"`},
		{"", `""`},
		{"a: b", `"a: b"`},
		{"x #y", `"x #y"`},
		{"*ref", `"*ref"`},
		{"- item", `"- item"`},
		{"tab\there", `"tab\there"`},
		{"two\nlines", "|-\n  two\n  lines"},
		{"ends\n", "|\n  ends"},
		{"keeps\n\n", "|+\n  keeps\n"},
		{" indented\nblock", `" indented\nblock"`},
		{"trailing \nspace", `"trailing \nspace"`},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		emitString(&buf, tt.in, 0)
		if got := buf.String(); got != tt.want {
			t.Errorf("emitString(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzEmitString checks that any string, as a key or a value at any depth,
// reads back unchanged.
func FuzzEmitString(f *testing.F) {
	for _, s := range []string{"a", "1e3", "- x", "a\nb\n", "|", "null", "0x1F", "  x", "x\n\n", "\u00e9t\u00e9", "\x00", "a: b\nc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !strings.Contains(s, "\r") && strings.ToValidUTF8(s, "") == s {
			doc := map[string]any{s: s, "list": []any{s, map[string]any{"k": s}}}
			var buf bytes.Buffer
			emitYAML(&buf, doc)
			if got := readBack(t, buf.Bytes()); !reflect.DeepEqual(got, normalize(doc)) {
				t.Fatalf("%q reads back as %#v from:\n%s", s, got, buf.String())
			}
		}
	})
}

// TestEmitKeyOrder checks that every mapping in the emitted YAML lists its
// keys in the order encoding/json writes the typed object (the API types'
// field order), maps sorted, except apiVersion, which comes first.
func TestEmitKeyOrder(t *testing.T) {
	for _, c := range goldenCases(t) {
		for _, o := range renderFile(t, c) {
			b, err := MarshalYAML(o.Obj)
			if err != nil {
				t.Fatal(err)
			}
			var got yaml.Node
			if err := yaml.Unmarshal(b, &got); err != nil {
				t.Fatal(err)
			}
			j, err := json.Marshal(o.Obj)
			if err != nil {
				t.Fatal(err)
			}
			var ref yaml.Node
			if err := yaml.Unmarshal(j, &ref); err != nil {
				t.Fatal(err)
			}
			top := got.Content[0]
			if k := top.Content[0].Value; k != "apiVersion" || top.Content[2].Value != "kind" {
				t.Errorf("%s: %s starts with %s, not apiVersion and kind", c.name, describe(o), k)
			}
			top.Content = top.Content[2:] // apiVersion is the one exception
			if err := sameOrder(top, ref.Content[0], ""); err != nil {
				t.Errorf("%s: %s: %v", c.name, describe(o), err)
			}
		}
	}
}

// sameOrder checks that got's keys appear in ref's order, at every level;
// got may omit keys (empty values are cleaned out).
func sameOrder(got, ref *yaml.Node, path string) error {
	switch got.Kind {
	case yaml.MappingNode:
		pos := map[string]int{}
		for i := 0; i < len(ref.Content); i += 2 {
			pos[ref.Content[i].Value] = i
		}
		last := -1
		for i := 0; i < len(got.Content); i += 2 {
			k := got.Content[i].Value
			p, ok := pos[k]
			if !ok {
				return fmt.Errorf("%s.%s is not in encoding/json's output", path, k)
			}
			if p < last {
				return fmt.Errorf("%s.%s is out of order", path, k)
			}
			last = p
			if err := sameOrder(got.Content[i+1], ref.Content[p+1], path+"."+k); err != nil {
				return err
			}
		}
	case yaml.SequenceNode:
		if len(got.Content) != len(ref.Content) {
			return fmt.Errorf("%s has %d items, encoding/json's %d", path, len(got.Content), len(ref.Content))
		}
		for i := range got.Content {
			if err := sameOrder(got.Content[i], ref.Content[i], fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
	}
	return nil
}
