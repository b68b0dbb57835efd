package spec

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// node is a YAML value with the position of every part kept. The loader
// works on nodes (merging defaults and environments) before anything is
// decoded, so that every decoded field can still say where it came from.
type node struct {
	size   int // values in the tree, on the root only: a size hint
	kind   nodeKind
	pos    Pos
	keys   []string // mapping keys, in document order
	keyPos []Pos
	vals   []*node // mapping values, parallel to keys
	items  []*node // sequence items
	value  any     // scalar: string, int64, float64, bool or nil
}

type nodeKind int

const (
	scalarNode nodeKind = iota
	mapNode
	listNode
)

// get returns the value of key in a mapping node, or nil.
func (n *node) get(key string) *node {
	if n == nil || n.kind != mapNode {
		return nil
	}
	for i, k := range n.keys {
		if k == key {
			return n.vals[i]
		}
	}
	return nil
}

// set replaces or appends key in a mapping node.
func (n *node) set(key string, kp Pos, v *node) {
	if n == nil || n.kind != mapNode {
		return // an invalid document: the schema has reported it already
	}
	for i, k := range n.keys {
		if k == key {
			n.vals[i], n.keyPos[i] = v, kp
			return
		}
	}
	n.keys = append(n.keys, key)
	n.keyPos = append(n.keyPos, kp)
	n.vals = append(n.vals, v)
}

// Limits that keep hostile input (alias bombs, deep nesting) bounded in time
// and memory. maxNodes counts only the values aliases add: the values
// written out in the file are bounded by maxSeparators already, while a
// dozen lines of nested aliases can stand for billions of values.
const (
	maxNodes = 100_000
	maxDepth = 64
)

// converter turns a yaml.Node into a node tree, expanding aliases within a
// budget and rejecting duplicate keys.
type converter struct {
	file    string
	aliases int // > 0 while expanding an alias
	count   int // values added by aliases
	total   int // all values, to size maps
	errs    ErrorList
}

func (c *converter) pos(y *yaml.Node) Pos { return Pos{File: c.file, Line: y.Line, Col: y.Column} }

func (c *converter) errorf(y *yaml.Node, format string, args ...any) {
	c.errs = append(c.errs, &Error{Pos: c.pos(y), Msg: fmt.Sprintf(format, args...)})
}

// errBudget aborts a conversion that would exceed maxNodes.
type errBudget struct{ pos Pos }

func (c *converter) convert(y *yaml.Node, depth int) *node {
	c.total++
	if c.aliases > 0 {
		c.count++
		if c.count > maxNodes {
			panic(errBudget{c.pos(y)})
		}
	}
	if depth > maxDepth {
		c.errorf(y, "nesting deeper than %d levels", maxDepth)
		return &node{kind: scalarNode, pos: c.pos(y)}
	}
	switch y.Kind {
	case yaml.DocumentNode:
		if len(y.Content) == 0 {
			return nil
		}
		return c.convert(y.Content[0], depth)
	case yaml.AliasNode:
		c.aliases++
		defer func() { c.aliases-- }()
		return c.convert(y.Alias, depth+1)
	case yaml.SequenceNode:
		n := &node{kind: listNode, pos: c.pos(y), items: make([]*node, 0, len(y.Content))}
		for _, item := range y.Content {
			n.items = append(n.items, c.convert(item, depth+1))
		}
		return n
	case yaml.MappingNode:
		n := &node{kind: mapNode, pos: c.pos(y)}
		c.mapping(n, y, depth, false)
		return n
	default:
		return c.scalar(y)
	}
}

// mapping fills n from the pairs of y. Merge keys (<<) add the keys of the
// merged mappings that n does not set itself, as YAML 1.1 defines.
func (c *converter) mapping(n *node, y *yaml.Node, depth int, merging bool) {
	var merges []*yaml.Node
	// Large mappings index their keys, so duplicate detection stays linear.
	var seen map[string]bool
	if len(y.Content) > 32 {
		seen = make(map[string]bool, len(y.Content)/2+len(n.keys))
		for _, k := range n.keys {
			seen[k] = true
		}
	}
	has := func(k string) bool {
		if seen != nil {
			return seen[k]
		}
		return n.has(k)
	}
	for i := 0; i+1 < len(y.Content); i += 2 {
		k, v := y.Content[i], y.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			merges = append(merges, v)
			continue
		}
		if k.Kind != yaml.ScalarNode {
			c.errorf(k, "mapping keys must be strings")
			continue
		}
		if has(k.Value) {
			if merging {
				continue // the merging mapping's own key wins
			}
			c.errorf(k, "duplicate key %q (first set at line %d)", k.Value, n.keyPosOf(k.Value).Line)
			continue
		}
		n.keys = append(n.keys, k.Value)
		n.keyPos = append(n.keyPos, c.pos(k))
		n.vals = append(n.vals, c.convert(v, depth+1))
		if seen != nil {
			seen[k.Value] = true
		}
	}
	for _, m := range merges {
		c.aliases++ // merged values are copies, like aliases
		c.merge(n, m, depth)
		c.aliases--
	}
}

func (c *converter) merge(n *node, m *yaml.Node, depth int) {
	for m.Kind == yaml.AliasNode {
		m = m.Alias
	}
	switch m.Kind {
	case yaml.MappingNode:
		c.mapping(n, m, depth+1, true)
	case yaml.SequenceNode:
		for _, item := range m.Content {
			c.merge(n, item, depth+1)
		}
	default:
		c.errorf(m, "a merge key (<<) needs a mapping or a list of mappings")
	}
}

func (n *node) has(key string) bool {
	for _, k := range n.keys {
		if k == key {
			return true
		}
	}
	return false
}

func (n *node) keyPosOf(key string) Pos {
	for i, k := range n.keys {
		if k == key {
			return n.keyPos[i]
		}
	}
	return Pos{}
}

// scalar resolves a YAML scalar to the JSON value it stands for.
func (c *converter) scalar(y *yaml.Node) *node {
	n := &node{kind: scalarNode, pos: c.pos(y)}
	switch y.ShortTag() {
	case "!!null":
		n.value = nil
	case "!!bool":
		var b bool
		if err := y.Decode(&b); err != nil {
			c.errorf(y, "invalid boolean %q", y.Value)
		}
		n.value = b
	case "!!int":
		var i int64
		if err := y.Decode(&i); err != nil {
			c.errorf(y, "integer %s is out of range", y.Value)
		}
		n.value = i
	case "!!float":
		var f float64
		if err := y.Decode(&f); err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			c.errorf(y, "%q is not a finite number", y.Value)
		}
		n.value = f
	case "!!str", "!!timestamp":
		n.value = y.Value
	case "!!binary":
		c.errorf(y, "binary values are not supported")
	default:
		n.value = y.Value
	}
	return n
}

// path helpers: paths look like "spec.roles[1].replicas.max".
func joinKey(path, key string) string {
	if path == "" {
		return key
	}
	if strings.ContainsAny(key, ".[]") {
		return path + "[" + strconv.Quote(key) + "]"
	}
	return path + "." + key
}

func joinIndex(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// fieldPos records where a field's key and its value start.
type fieldPos struct{ Key, Value Pos }

// toJSON returns the plain value of n (map[string]any, []any, scalars), the
// form JSON Schema validates and encoding/json decodes, and records the
// position of every path in into.
func (n *node) toJSON(path string, into map[string]fieldPos) any {
	if n == nil {
		return nil
	}
	fp := into[path]
	fp.Value = n.pos
	if !fp.Key.IsValid() {
		fp.Key = n.pos
	}
	into[path] = fp
	switch n.kind {
	case mapNode:
		m := make(map[string]any, len(n.keys))
		for i, k := range n.keys {
			p := joinKey(path, k)
			into[p] = fieldPos{Key: n.keyPos[i]}
			m[k] = n.vals[i].toJSON(p, into)
			if n.vals[i] == nil {
				into[p] = fieldPos{Key: n.keyPos[i], Value: n.keyPos[i]}
			}
		}
		return m
	case listNode:
		l := make([]any, len(n.items))
		for i, item := range n.items {
			l[i] = item.toJSON(joinIndex(path, i), into)
		}
		return l
	default:
		return n.value
	}
}

// clone copies n deeply, so merging never aliases one tree into two roles.
func (n *node) clone() *node {
	if n == nil {
		return nil
	}
	c := *n
	c.keys = append([]string(nil), n.keys...)
	c.keyPos = append([]Pos(nil), n.keyPos...)
	c.vals = make([]*node, len(n.vals))
	for i, v := range n.vals {
		c.vals[i] = v.clone()
	}
	if n.items != nil {
		c.items = make([]*node, len(n.items))
		for i, v := range n.items {
			c.items[i] = v.clone()
		}
	}
	return &c
}

// mergeInto overlays over onto base: mappings merge key by key, anything
// else is replaced by over. Positions follow whichever side supplied a value,
// so an error in a defaulted field points at spec.defaults.
func mergeInto(base, over *node) *node {
	if over == nil {
		return base.clone()
	}
	if base == nil || base.kind != mapNode || over.kind != mapNode {
		return over.clone()
	}
	out := base.clone()
	out.pos = over.pos
	for i, k := range over.keys {
		out.set(k, over.keyPos[i], mergeInto(out.get(k), over.vals[i]))
	}
	return out
}
