package yamlpos

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

func jsonOf(t *testing.T, n *Node) string {
	t.Helper()
	out := string(AppendJSON(nil, n))
	if !json.Valid([]byte(out)) {
		t.Fatalf("invalid JSON %s", out)
	}
	return out
}

// TestParse pins what the reader makes of each kind of input, good and
// hostile: the JSON it stands for, or the first error with its position.
func TestParse(t *testing.T) {
	long := strings.Repeat("x", 70_000)
	tests := []struct {
		name, in string
		want     string // JSON of the documents, one per line, or "error: pos: msg"
	}{
		{"scalars", "a: 1\nb: 1.5\nc: true\nd: ~\ne: text\nf: '1'\ng: 0x10\nh: 2001-12-14\n",
			`{"a":1,"b":1.5,"c":true,"d":null,"e":"text","f":"1","g":16,"h":"2001-12-14"}`},
		{"documents", "a: 1\n---\n---\n# only a comment\n---\n- b\n", "{\"a\":1}\n[\"b\"]"},
		{"anchors and aliases", "a: &x {k: v}\nb: *x\n", `{"a":{"k":"v"},"b":{"k":"v"}}`},
		{"merge keys: own keys win, earlier merges over later", "a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nc: {x: 0, <<: [*a, *b]}\n",
			`{"a":{"x":1,"y":1},"b":{"y":2,"z":2},"c":{"x":0,"y":1,"z":2}}`},
		{"nested merge", "a: &a {x: 1}\nb: &b {<<: *a, y: 2}\nc: {<<: *b}\n", `{"a":{"x":1},"b":{"y":2,"x":1},"c":{"y":2,"x":1}}`},
		{"merge of an inline mapping", "a: {<<: {x: 1}, y: 2}\n", `{"a":{"y":2,"x":1}}`},
		// Hostile: each is refused at a position, fast.
		{"a second mapping value, at its colon", "state: stateless: x\n", `error: f.yaml:1:17: invalid YAML: mapping values are not allowed in this context: quote a value that holds ": "`},
		{"a second mapping value on a later line, in a list", "a:\n  - b: c: d\n", `error: f.yaml:2:9: invalid YAML: mapping values are not allowed in this context: quote a value that holds ": "`},
		{"an apostrophe in a plain value, columns in runes", "説明: Agent's task: x\n", `error: f.yaml:1:17: invalid YAML: mapping values are not allowed in this context: quote a value that holds ": "`},
		{"a quoted value gets no guess", "a: 'x: y': z\n", "error: f.yaml:1:1: invalid YAML: mapping values are not allowed in this context"},
		{"a key without its colon above: no guess at this line", "kind Swarm\nmetadata: {name: x}\n", "error: f.yaml:2:1: invalid YAML: mapping values are not allowed in this context"},
		{"self-merge", "a: &a {<<: *a}\n", "error: f.yaml:1:12: merge key (<<) merges a mapping into itself: *a contains this merge (a cycle)"},
		{"merge cycle through a nested mapping", "a: &a {b: {<<: *a}}\n", "error: f.yaml:1:16: merge key (<<) merges a mapping into itself: *a contains this merge (a cycle)"},
		{"merge cycle through a list", "a: &a {b: [{<<: *a}]}\n", "error: f.yaml:1:17: merge key (<<) merges a mapping into itself: *a contains this merge (a cycle)"},
		{"merge of a list that holds it", "a: &l [{<<: *l}]\n", "error: f.yaml:1:13: merge key (<<) merges a list that contains it: *l (a cycle)"},
		{"alias cycle", "a: &a [*a]\n", "error: f.yaml:1:8: alias *a refers to a value that contains it (a cycle)"},
		{"alias cycle in a mapping", "a: &a {b: *a}\n", "error: f.yaml:1:11: alias *a refers to a value that contains it (a cycle)"},
		{"billion laughs", bomb(9, 9), "error: f.yaml:4:30: aliases and merge keys expand the document to more than 1000 values (a YAML alias bomb?)"},
		{"a long value aliased many times", "a: &a " + long + "\nb: [" + strings.Repeat("*a, ", 20) + "]\n",
			"error: f.yaml:2:61: aliases and merge keys copy more than 1 MiB of text into the document (a long value aliased many times?)"},
		{"merged values count too", "a: &a\n  k: " + long[:60_000] + "\nb: [" + strings.Repeat("{<<: *a}, ", 20) + "]\n",
			"error: f.yaml:3:176: aliases and merge keys copy more than 1 MiB of text into the document (a long value aliased many times?)"},
		{"deep nesting", "a: " + strings.Repeat("[", 150) + strings.Repeat("]", 150) + "\n", "error: f.yaml:1:104: nesting deeper than 100 levels"},
		{"too many values", "a: [" + strings.Repeat("1,", 1000) + "1]\n", "error: f.yaml:1:2004: document holds more than 1000 values; agentscale reads at most that many in one document"},
		{"the count restarts per document", strings.Repeat("a: ["+strings.Repeat("1,", 400)+"1]\n---\n", 3), strings.TrimSpace(strings.Repeat(`{"a":[`+strings.Repeat("1,", 400)+"1]}\n", 3))},
		{"an indented marker does not restart the count", "a: |\n" + strings.Repeat("  x\n  ---\n", 300) + "b: [" + strings.Repeat("1,", 500) + "1]\n",
			"error: f.yaml:602:802: document holds more than 1000 values; agentscale reads at most that many in one document"},
		{"commas in a quoted scalar count for nothing", "a: \"" + strings.Repeat(",", 3000) + "\"\nb: '" + strings.Repeat("[", 3000) + "'\n", `{"a":"` + strings.Repeat(",", 3000) + `","b":"` + strings.Repeat("[", 3000) + `"}`},
		{"a stray quote in text hides nothing", "a: it's\nb: [" + strings.Repeat("1,", 1000) + "1]\n", "error: f.yaml:2:2002: document holds more than 1000 values; agentscale reads at most that many in one document"},
		{"comments and blank lines count for nothing", strings.Repeat("# a comment\n\n", 2000) + "a: 1\n", `{"a":1}`},
		{"a value over the limit", "a: " + strings.Repeat("x", 3<<20) + "\n", "error: f.yaml:1:4: a value of 3.0 MiB; agentscale reads values of at most 2 MiB (the API server stores no object over 1.5 MiB)"},
		{"duplicate key", "a: 1\nb: 2\na: 3\n", `error: f.yaml:3:1: duplicate key "a" (first set at line 1)`},
		{"duplicate key in a list item", "- name: a\n  x: 1\n  name: b\n", `error: f.yaml:3:3: duplicate key "name" (first set at line 1): to start another list item here, write "- name:"`},
		{"duplicate key in a flow list item", "[{a: 1, a: 2}]\n", `error: f.yaml:1:9: duplicate key "a" (first set at line 1)`},
		{"duplicate key in a large mapping", largeMapping(50) + "k7: x\n", `error: f.yaml:51:1: duplicate key "k7" (first set at line 8)`},
		{"a mapping as a key", "? {a: 1}\n: x\n", "error: f.yaml:1:3: mapping keys must be plain strings, not a mapping"},
		{"merge of a scalar", "a: {<<: 1}\n", "error: f.yaml:1:9: a merge key (<<) needs a mapping or a list of mappings"},
		{"merge of a list of scalars", "a: {<<: [1]}\n", "error: f.yaml:1:10: a merge key (<<) needs a mapping or a list of mappings"},
		{"integer out of range", "a: !!int 99999999999999999999\n", "error: f.yaml:1:4: integer 99999999999999999999 is out of range (at most 64 bits)"},
		{"infinity", "a: .inf\n", `error: f.yaml:1:4: ".inf" is not a finite number`},
		{"not UTF-8", "a: \xff\n", "error: f.yaml:1:4: file is not UTF-8 text (binary data here): YAML must be text"},
		{"NUL byte", "a: b\x00\n", "error: f.yaml:1:5: file is not UTF-8 text (binary data here): YAML must be text"},
		{"syntax error", "a: [\nb: c\n", "error: f.yaml:2:1: invalid YAML: did not find expected ',' or ']'"},
		{"syntax error at the end", "a: [\n", "error: f.yaml:1:1: invalid YAML: did not find expected node content"},
	}
	lim := Limits{MaxValues: 1000}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			docs, errs := Parse(Origin{File: "f.yaml"}, []byte(tt.in), lim)
			if d := time.Since(start); d > time.Second {
				t.Errorf("took %v", d)
			}
			var got []string
			if len(errs) > 0 {
				got = append(got, "error: "+errs[0].Error())
			} else {
				for _, d := range docs {
					got = append(got, jsonOf(t, d))
				}
			}
			if g := strings.Join(got, "\n"); g != tt.want {
				t.Errorf("got\n%.600s\nwant\n%.600s", g, tt.want)
			}
		})
	}
}

// bomb is "billion laughs": levels of n aliases of the level before.
func bomb(levels, n int) string {
	var b strings.Builder
	b.WriteString("l0: &l0 [lol]\n")
	for i := 1; i < levels; i++ {
		fmt.Fprintf(&b, "l%d: &l%d [%s]\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*l%d, ", i-1), n), ", "))
	}
	return b.String()
}

// deepAliases nests each level in the one before through an alias.
func deepAliases(levels int) string {
	var b strings.Builder
	b.WriteString("a0: &a0 [x]\n")
	for i := 1; i < levels; i++ {
		fmt.Fprintf(&b, "a%d: &a%d [*a%d]\n", i, i, i-1)
	}
	return b.String()
}

func largeMapping(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "k%d: %d\n", i, i)
	}
	return b.String()
}

// Nesting through aliases counts like written nesting.
func TestDeepThroughAliases(t *testing.T) {
	_, errs := Parse(Origin{File: "f.yaml"}, []byte(deepAliases(120)), Default)
	if len(errs) != 1 || errs[0].Error() != "f.yaml:51:12: aliases nest values deeper than 100 levels" {
		t.Errorf("got %v", errs)
	}
}

// Positions count from the Origin: a document cut from the middle of a
// file reports the file's lines, and the first line's columns after the
// text before it ("--- {a: 1}").
func TestOrigin(t *testing.T) {
	docs, errs := Parse(Origin{File: "m.yaml", Line: 10, Col: 4}, []byte("{a: 1,\n b: [x, *y]}\n"), Default)
	if len(docs) != 0 || len(errs) != 1 || errs[0].Error() != "m.yaml:10:5: invalid YAML: unknown anchor 'y' referenced" {
		t.Errorf("got %v, %v", docs, errs)
	}
	docs, _ = Parse(Origin{File: "m.yaml", Line: 10, Col: 4}, []byte("{a: 1,\n b: [x, y]}\n"), Default)
	root := docs[0]
	if got := root.Pos.String(); got != "m.yaml:10:5" {
		t.Errorf("root at %s", got)
	}
	if p, _ := Locate(root, "b[1]"); p.String() != "m.yaml:11:9" {
		t.Errorf("b[1] at %s", p)
	}
	if p, _ := Locate(root, "a"); p.String() != "m.yaml:10:6" {
		t.Errorf("a at %s", p)
	}
}

// Duplicate detection stays linear in large mappings (a ConfigMap with
// 100,000 keys is read in well under a second).
func TestLargeMappingIsLinear(t *testing.T) {
	data := []byte(largeMapping(100_000))
	start := time.Now()
	docs, errs := Parse(Origin{File: "f.yaml"}, data, Default)
	if len(errs) > 0 || len(docs[0].Keys) != 100_000 {
		t.Fatalf("%v", errs)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("100,000 keys took %v", d)
	}
}

func TestPaths(t *testing.T) {
	for _, tt := range []struct{ path, key, want string }{
		{"", "spec", "spec"},
		{"spec", "roles", "spec.roles"},
		{"metadata.annotations", "agentscale.dev/ignore", `metadata.annotations["agentscale.dev/ignore"]`},
		{"environments", "a b", `environments["a b"]`},
		{"x", `q"uote`, `x["q\"uote"]`},
	} {
		got := JoinKey(tt.path, tt.key)
		if got != tt.want {
			t.Errorf("JoinKey(%q, %q) = %q, want %q", tt.path, tt.key, got, tt.want)
		}
		parts := SplitPath(got)
		if last := parts[len(parts)-1]; last.Key != tt.key {
			t.Errorf("SplitPath(%q) ends in %q, want %q", got, last.Key, tt.key)
		}
	}
}
