package render

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// jsonPlain is the reference toPlain replaces: encoding/json, parsed back.
func jsonPlain(t testing.TB, obj KubeObject) map[string]any {
	t.Helper()
	b, err := json.Marshal(obj)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatal(err)
	}
	delete(m, "status")
	clean(m, "")
	return m
}

// asMap turns objects into maps, recursively, to compare them with
// what a parser returns.
func asMap(v any) any {
	switch x := v.(type) {
	case object:
		m := make(map[string]any, len(x))
		for _, e := range x {
			m[e.key] = asMap(e.val)
		}
		return m
	case map[string]any:
		for k, e := range x {
			x[k] = asMap(e)
		}
	case []any:
		for i, e := range x {
			x[i] = asMap(e)
		}
	}
	return v
}

// TestPlainMatchesJSON checks toPlain against encoding/json on every
// rendered object.
func TestPlainMatchesJSON(t *testing.T) {
	for _, c := range goldenCases(t) {
		for _, o := range renderFile(t, c) {
			got, err := cleanObject(o.Obj)
			if err != nil {
				t.Fatal(err)
			}
			if want := jsonPlain(t, o.Obj); !reflect.DeepEqual(asMap(got), want) {
				gj, _ := json.MarshalIndent(got, "", " ")
				wj, _ := json.MarshalIndent(want, "", " ")
				t.Errorf("%s: %s differs from encoding/json:\n%s", c.name, describe(o), lineDiff(string(wj), string(gj)))
			}
		}
	}
}

func TestPlainRules(t *testing.T) {
	type inner struct {
		A string `json:"a,omitempty"`
	}
	type embedded struct {
		E int `json:"e"`
	}
	type sample struct {
		embedded
		Inline  inner             `json:",inline"`
		Named   string            `json:"named"`
		Skip    string            `json:"-"`
		Omit    *int              `json:"omit,omitempty"`
		Zero    inner             `json:"zero,omitzero"`
		Bytes   []byte            `json:"bytes"`
		Map     map[string]uint16 `json:"map"`
		NilList []string          `json:"nilList"`
		Untag   bool
		private int
	}
	v := sample{embedded: embedded{E: 1}, Inline: inner{A: "x"}, Named: "n", Skip: "s", Bytes: []byte("hi"), Map: map[string]uint16{"k": 2}, private: 3}
	got, err := toPlain(reflect.ValueOf(&v))
	if err != nil {
		t.Fatal(err)
	}
	want := object{{"e", int64(1)}, {"Inline", object{{"a", "x"}}}, {"named", "n"}, {"bytes", "aGk="},
		{"map", map[string]any{"k": int64(2)}}, {"nilList", nil}, {"Untag", false}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v\nwant %#v", got, want)
	}
}
