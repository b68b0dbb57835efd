package yamlpos

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/agentscale/agentscale/internal/fuzzseed"
	yaml "go.yaml.in/yaml/v3"
)

// gen turns fuzz bytes into YAML built of the constructs hostile input is
// made of — anchors, aliases (to anchors defined, undefined, or still
// open: cycles), merge keys, deep nesting, long scalars — so the fuzzer
// explores them instead of byte noise that never parses (plain byte
// fuzzing did not find the 15-byte self-merge in 60 s).
type gen struct {
	in      []byte
	b       strings.Builder
	anchors int
	merges  bool
}

func (g *gen) next() byte {
	if len(g.in) == 0 {
		return 0
	}
	c := g.in[0]
	g.in = g.in[1:]
	return c
}

func (g *gen) value(depth int) {
	op := g.next()
	if depth > 110 {
		op = 0
	}
	if op&0x80 != 0 && g.anchors < 10 { // anchor this value
		fmt.Fprintf(&g.b, "&a%d ", g.anchors)
		g.anchors++
	}
	switch op % 8 {
	case 0, 1:
		fmt.Fprintf(&g.b, "s%d", g.next()%4)
	case 2:
		g.b.WriteString(strings.Repeat("x", int(g.next())*16))
	case 3:
		fmt.Fprintf(&g.b, "*a%d", g.next()%10)
	case 4, 5: // a mapping, maybe with merge keys
		g.b.WriteString("{")
		n := int(g.next() % 5)
		for i := range n {
			if i > 0 {
				g.b.WriteString(", ")
			}
			if g.next()%4 == 0 {
				g.merges = true
				g.b.WriteString("<<: ")
			} else {
				fmt.Fprintf(&g.b, "k%d: ", g.next()%6)
			}
			g.value(depth + 1)
		}
		g.b.WriteString("}")
	default: // a list
		g.b.WriteString("[")
		n := int(g.next() % 5)
		for i := range n {
			if i > 0 {
				g.b.WriteString(", ")
			}
			g.value(depth + 1)
		}
		g.b.WriteString("]")
	}
}

// FuzzStructured: documents of anchors, aliases, merges and nesting are
// read without a panic, within the limits, into valid JSON — the same
// JSON yaml.v3 itself decodes, where both accept a merge-free document.
func FuzzStructured(f *testing.F) {
	for _, seed := range [][]byte{
		{0x84, 1, 0, 3, 0},             // &a0 {<<: *a0}: the 15-byte crash
		{0x86, 1, 3, 0},                // &a0 [*a0]
		{0x84, 2, 1, 0, 0, 0, 3, 0},    // merges
		{0x86, 3, 0x86, 3, 3, 0, 3, 0}, // nested aliases
		{6, 4, 2, 255, 2, 255, 2, 255, 2, 255},
	} {
		f.Add(seed)
	}
	lim := Limits{MaxValues: 5000, MaxAliasBytes: 64 << 10, MaxDepth: 100}
	f.Fuzz(func(t *testing.T, data []byte) {
		g := &gen{in: data}
		g.b.WriteString("root: ")
		g.value(0)
		g.b.WriteString("\n")
		text := g.b.String()
		start := time.Now()
		docs, errs := Parse(Origin{File: "f.yaml"}, []byte(text), lim)
		if d := time.Since(start); d > time.Second {
			t.Fatalf("Parse took %v on %d bytes:\n%.300s", d, len(text), text)
		}
		for _, e := range errs {
			if !e.Pos.IsValid() || e.Pos.File != "f.yaml" {
				t.Fatalf("error without a position: %v", e)
			}
		}
		if len(errs) > 0 {
			return
		}
		for _, d := range docs {
			if v, _ := d.Size(); v > lim.MaxValues {
				t.Fatalf("%d values accepted, limit %d", v, lim.MaxValues)
			}
			if depth(d) > lim.MaxDepth+1 {
				t.Fatalf("depth %d accepted", depth(d))
			}
			out := AppendJSON(nil, d)
			if !json.Valid(out) {
				t.Fatalf("invalid JSON %s", out)
			}
			if g.merges {
				continue
			}
			var theirs any
			if yaml.Unmarshal([]byte(text), &theirs) != nil {
				continue // yaml.v3's own limits are stricter in places
			}
			var a, b any
			tj, err := json.Marshal(theirs)
			if err != nil {
				continue
			}
			_ = json.Unmarshal(out, &a)
			_ = json.Unmarshal(tj, &b)
			if !reflect.DeepEqual(a, b) {
				t.Fatalf("%s\nours   %s\nyaml.v3 %s", text, out, tj)
			}
		}
	})
}

func depth(n *Node) int {
	d := 0
	for _, v := range n.Vals {
		d = max(d, depth(v))
	}
	for _, v := range n.Items {
		d = max(d, depth(v))
	}
	return d + 1
}

// FuzzParse: any bytes parse without a panic, and every error is positioned.
func FuzzParse(f *testing.F) {
	fuzzseed.Hostile(f)
	fuzzseed.Typos(f)
	for _, s := range []string{"a: &a {<<: *a}\n", "a: &a [*a]\n", "{a: 1}{b: 2}", "- \xff", "a: [\n", "? [a]\n: b\n", "a: !!binary aGk=\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		docs, errs := Parse(Origin{File: "f.yaml"}, data, Limits{MaxValues: 5000})
		for _, e := range errs {
			if !e.Pos.IsValid() {
				t.Fatalf("error without a position: %v", e)
			}
		}
		for _, d := range docs {
			if !json.Valid(AppendJSON(nil, d)) {
				t.Fatalf("invalid JSON")
			}
		}
	})
}
