package render

import (
	"bytes"
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
			if got := readBack(t, buf.Bytes()); !reflect.DeepEqual(got, normalize(map[string]any(want))) {
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
