package yamlpos

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"

	"github.com/agentscale/agentscale/internal/diag"
)

// Limits bound what one document may cost. The zero value of a field
// means the Default's.
type Limits struct {
	// MaxValues is the most values (scalars, mappings, lists) a document
	// may hold, aliases and merge keys expanded.
	MaxValues int
	// MaxAliasBytes is the most bytes of keys and scalars that aliases and
	// merge keys may copy into a document.
	MaxAliasBytes int
	// MaxDepth is the deepest nesting accepted.
	MaxDepth int
}

// Default suits one Kubernetes object or one swarm: etcd refuses objects
// over 1.5 MiB, far fewer values than this; a 1,000-role swarm holds about
// 60,000.
var Default = Limits{MaxValues: 250_000, MaxAliasBytes: 1 << 20, MaxDepth: 100}

func (l Limits) orDefault() Limits {
	if l.MaxValues <= 0 {
		l.MaxValues = Default.MaxValues
	}
	if l.MaxAliasBytes <= 0 {
		l.MaxAliasBytes = Default.MaxAliasBytes
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = Default.MaxDepth
	}
	return l
}

// Origin says where data starts in its file, for data cut from a larger
// file (one document of a stream).
type Origin struct {
	File string
	// Line is the file line of data's first byte; 0 means 1.
	Line int
	// Col is the number of columns before data's first byte on that line.
	Col int
}

// Pos returns the file position of a line and column within the data.
func (o Origin) Pos(line, col int) diag.Pos {
	if line == 1 {
		col += o.Col
	}
	return diag.Pos{File: o.File, Line: o.line() + line - 1, Col: col}
}

func (o Origin) line() int { return max(o.Line, 1) }

// Parse reads every document of data and returns the non-empty ones
// (a document that is empty or a bare null is skipped). A document with
// errors is left out and its errors returned; a YAML syntax error ends
// the stream, so the documents before it come back with the error.
func Parse(o Origin, data []byte, lim Limits) ([]*Node, diag.ErrorList) {
	var docs []*Node
	errs := ParseEach(o, data, lim, func(n *Node) { docs = append(docs, n) })
	return docs, errs
}

// ParseEach is Parse for streams: it calls fn with each document as soon
// as it is read, so a stream of many documents never holds more than one.
func ParseEach(o Origin, data []byte, lim Limits, fn func(*Node)) diag.ErrorList {
	lim = lim.orDefault()
	if err := CheckText(o, data, lim); err != nil {
		return diag.ErrorList{err}
	}
	var errs diag.ErrorList
	err := decodeStream(data, func(y *yaml.Node) {
		n, docErrs := convert(o, y, lim)
		errs = append(errs, docErrs...)
		if n != nil {
			fn(n)
		}
	})
	if err != nil {
		errs = append(errs, SyntaxError(o, data, err))
	}
	errs.Sort()
	return errs
}

// ParseOne reads data that must hold at most one document: the root, or
// nil for an empty document.
func ParseOne(o Origin, data []byte, lim Limits) (*Node, diag.ErrorList) {
	docs, errs := Parse(o, data, lim)
	if len(errs) > 0 {
		return nil, errs
	}
	if len(docs) > 1 {
		return nil, diag.ErrorList{{Pos: docs[1].Pos, Msg: "a second YAML document here; this input holds one"}}
	}
	if len(docs) == 0 {
		return nil, nil
	}
	return docs[0], nil
}

// decodeStream calls fn with each non-empty document of data. yaml.v3
// turns its internal failures into errors; the recover guards the rest.
func decodeStream(data []byte, fn func(*yaml.Node)) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if a, ok := r.(abort); ok {
				panic(a) // not the parser's
			}
			err = fmt.Errorf("yaml: %v", r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if len(doc.Content) == 0 {
			continue
		}
		if r := doc.Content[0]; r.Kind == yaml.ScalarNode && r.ShortTag() == "!!null" {
			continue
		}
		fn(doc.Content[0])
	}
}

// CheckText refuses data that is not UTF-8 text, and data holding a
// document with more than lim.MaxValues values, before a YAML parser
// sees it: a document with fewer separators (line breaks, commas, opening
// brackets) than that cannot build more than a few times as many nodes.
func CheckText(o Origin, data []byte, lim Limits) *diag.Error {
	lim = lim.orDefault()
	if i := bytes.IndexByte(data, 0); i >= 0 || !utf8.Valid(data) {
		if j := invalidUTF8(data); i < 0 || j >= 0 && j < i {
			i = j
		}
		return &diag.Error{Pos: offsetPos(o, data, i), Msg: "file is not UTF-8 text (binary data here): YAML must be text"}
	}
	if off := tooManyValues(data, lim.MaxValues); off >= 0 {
		return &diag.Error{Pos: offsetPos(o, data, off), Msg: fmt.Sprintf("document holds more than %d values; agentscale reads at most that many in one document", lim.MaxValues)}
	}
	return nil
}

// tooManyValues returns the offset of the separator past limit within one
// document (counts restart at "---" lines), or -1.
// Blank lines and comment lines count for nothing: they make no values.
func tooManyValues(data []byte, limit int) int {
	n := 0
	content, comment := false, false
	for i := 0; i < len(data); i++ {
		switch b := data[i]; b {
		case '\n':
			if content {
				n++
			}
			content, comment = false, false
			if n > limit {
				return i
			}
			continue
		case ' ', '\t', '\r':
			continue
		case '#':
			if !content {
				comment = true
			}
		case ',', '[', '{':
			if !comment {
				n++
				if n > limit {
					return i
				}
			}
		case '-': // a document marker starts a line; an indented one is text
			if (i == 0 || data[i-1] == '\n') && isMarker(data[i:]) {
				n = 0
			}
		}
		if !comment {
			content = true
		}
	}
	return -1
}

// isMarker reports whether line starts with the document marker "---".
func isMarker(line []byte) bool {
	if !bytes.HasPrefix(line, []byte("---")) {
		return false
	}
	return len(line) == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r' || line[3] == '\n'
}

// invalidUTF8 returns the offset of the first byte that is not UTF-8, or -1.
func invalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}

// offsetPos converts a byte offset into a line and column (in characters).
func offsetPos(o Origin, data []byte, off int) diag.Pos {
	line := 1 + bytes.Count(data[:off], []byte{'\n'})
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	return o.Pos(line, 1+utf8.RuneCount(data[start:off]))
}

// convert turns one parsed document into Nodes within lim.
func convert(o Origin, y *yaml.Node, lim Limits) (root *Node, errs diag.ErrorList) {
	c := &converter{o: o, lim: lim}
	defer func() {
		if r := recover(); r != nil {
			a, ok := r.(abort)
			if !ok {
				panic(r)
			}
			root, errs = nil, append(c.errs, a.err)
		}
	}()
	root = c.node(y, 0)
	if len(c.errs) > 0 {
		return nil, c.errs
	}
	return root, nil
}

// abort ends a conversion that went over a limit or into a cycle.
type abort struct{ err *diag.Error }

type converter struct {
	o          Origin
	lim        Limits
	values     int
	aliasBytes int
	copyAt     *yaml.Node   // the outermost alias or merge key being expanded
	active     []*yaml.Node // collections being converted, to find cycles
	errs       diag.ErrorList
	slab       []Node
}

func (c *converter) pos(y *yaml.Node) diag.Pos { return c.o.Pos(y.Line, y.Column) }

func (c *converter) errorf(y *yaml.Node, format string, args ...any) {
	c.errs = append(c.errs, &diag.Error{Pos: c.pos(y), Msg: fmt.Sprintf(format, args...)})
}

func (c *converter) abortf(y *yaml.Node, format string, args ...any) {
	panic(abort{&diag.Error{Pos: c.pos(y), Msg: fmt.Sprintf(format, args...)}})
}

// alloc hands out Nodes from slabs that double up to 256 values: few
// allocations for a large document, little waste for a small one.
func (c *converter) alloc(k Kind, y *yaml.Node) *Node {
	if len(c.slab) == cap(c.slab) {
		c.slab = make([]Node, 0, min(256, max(4, 2*cap(c.slab))))
	}
	c.slab = append(c.slab, Node{Kind: k, Pos: c.pos(y)})
	return &c.slab[len(c.slab)-1]
}

// charge counts values, and the bytes of keys and scalars an alias or a
// merge key copies, against the limits.
func (c *converter) charge(y *yaml.Node, values, copied int) {
	c.values += values
	if c.values > c.lim.MaxValues {
		if c.copyAt != nil {
			c.abortf(c.copyAt, "aliases and merge keys expand the document to more than %d values (a YAML alias bomb?)", c.lim.MaxValues)
		}
		c.abortf(y, "the document holds more than %d values", c.lim.MaxValues)
	}
	if c.copyAt != nil && copied > 0 {
		c.aliasBytes += copied
		if c.aliasBytes > c.lim.MaxAliasBytes {
			c.abortf(c.copyAt, "aliases and merge keys copy more than %s of text into the document (a long value aliased many times?)", sizeName(c.lim.MaxAliasBytes))
		}
	}
}

func sizeName(n int) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	if n >= 1<<10 && n%(1<<10) == 0 {
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

func (c *converter) enter(y *yaml.Node) { c.active = append(c.active, y) }
func (c *converter) leave()             { c.active = c.active[:len(c.active)-1] }

func (c *converter) isActive(y *yaml.Node) bool {
	for _, a := range c.active {
		if a == y {
			return true
		}
	}
	return false
}

// copying marks the expansion of an alias or merge key at y; the returned
// func ends it.
func (c *converter) copying(y *yaml.Node) func() {
	if c.copyAt != nil {
		return func() {}
	}
	c.copyAt = y
	return func() { c.copyAt = nil }
}

func (c *converter) node(y *yaml.Node, depth int) *Node {
	if depth > c.lim.MaxDepth {
		if c.copyAt != nil {
			c.abortf(c.copyAt, "aliases nest values deeper than %d levels", c.lim.MaxDepth)
		}
		c.abortf(y, "nesting deeper than %d levels", c.lim.MaxDepth)
	}
	switch y.Kind {
	case yaml.DocumentNode:
		if len(y.Content) == 0 {
			return nil
		}
		return c.node(y.Content[0], depth)
	case yaml.AliasNode:
		t := y.Alias
		if t == nil {
			c.abortf(y, "alias *%s has no anchor", y.Value)
		}
		if c.isActive(t) {
			c.abortf(y, "alias *%s refers to a value that contains it (a cycle)", y.Value)
		}
		defer c.copying(y)()
		return c.node(t, depth+1)
	case yaml.SequenceNode:
		c.charge(y, 1, 0)
		c.enter(y)
		defer c.leave()
		n := c.alloc(List, y)
		n.Items = make([]*Node, 0, len(y.Content))
		for _, item := range y.Content {
			n.Items = append(n.Items, c.node(item, depth+1))
		}
		return n
	case yaml.MappingNode:
		c.charge(y, 1, 0)
		c.enter(y)
		defer c.leave()
		n := c.alloc(Map, y)
		m := &mapState{n: n}
		c.mapping(m, y, depth, false)
		return n
	default:
		return c.scalar(y)
	}
}

// mapState is a mapping being filled: its keys, indexed once it grows.
type mapState struct {
	n     *Node
	index map[string]struct{}
}

func (m *mapState) has(key string) bool {
	if m.index != nil {
		_, ok := m.index[key]
		return ok
	}
	return m.n.Index(key) >= 0
}

func (m *mapState) add(k Key, v *Node) {
	m.n.Keys = append(m.n.Keys, k)
	m.n.Vals = append(m.n.Vals, v)
	switch {
	case m.index != nil:
		m.index[k.Name] = struct{}{}
	case len(m.n.Keys) > 16: // keep duplicate checks linear in large mappings
		m.index = make(map[string]struct{}, 2*len(m.n.Keys))
		for _, k := range m.n.Keys {
			m.index[k.Name] = struct{}{}
		}
	}
}

// mapping adds the pairs of y to m. Merge keys (<<) add the keys of the
// merged mappings that m does not have yet; with merging, y is itself
// being merged, so keys m has already are skipped rather than duplicates.
func (c *converter) mapping(m *mapState, y *yaml.Node, depth int, merging bool) {
	var merges []*yaml.Node
	for i := 0; i+1 < len(y.Content); i += 2 {
		k, v := y.Content[i], y.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			merges = append(merges, k, v)
			continue
		}
		if k.Kind != yaml.ScalarNode {
			c.errorf(k, "mapping keys must be plain strings, not %s", kindName(k))
			continue
		}
		if m.has(k.Value) {
			if merging {
				c.charge(k, 1, 0) // skipping costs too
				continue
			}
			c.errorf(k, "duplicate key %q (first set at line %d)", k.Value, m.n.KeyPos(k.Value).Line)
			continue
		}
		c.charge(k, 0, len(k.Value))
		m.add(Key{Name: k.Value, Pos: c.pos(k)}, c.node(v, depth+1))
	}
	for i := 0; i < len(merges); i += 2 {
		c.merge(m, merges[i], merges[i+1], depth+1)
	}
}

// merge adds the mapping, or the list of mappings, that the merge key at
// key stands for.
func (c *converter) merge(m *mapState, key, v *yaml.Node, depth int) {
	if depth > c.lim.MaxDepth {
		c.abortf(key, "merge keys (<<) nested deeper than %d levels", c.lim.MaxDepth)
	}
	defer c.copying(key)()
	one := func(at, t *yaml.Node) bool {
		if t.Kind == yaml.AliasNode {
			if t.Alias == nil {
				c.abortf(t, "alias *%s has no anchor", t.Value)
			}
			if c.isActive(t.Alias) {
				c.abortf(t, "merge key (<<) merges a mapping into itself: *%s contains this merge (a cycle)", t.Value)
			}
			t = t.Alias
		}
		if t.Kind != yaml.MappingNode {
			return false
		}
		c.enter(t)
		c.mapping(m, t, depth+1, true)
		c.leave()
		return true
	}
	t := v
	if t.Kind == yaml.AliasNode && t.Alias != nil && t.Alias.Kind == yaml.SequenceNode {
		if c.isActive(t.Alias) {
			c.abortf(t, "merge key (<<) merges a list that contains it: *%s (a cycle)", t.Value)
		}
		t = t.Alias
	}
	if t.Kind == yaml.SequenceNode {
		for _, item := range t.Content {
			if !one(item, item) {
				c.errorf(item, "a merge key (<<) needs a mapping or a list of mappings")
			}
		}
		return
	}
	if !one(key, v) {
		c.errorf(v, "a merge key (<<) needs a mapping or a list of mappings")
	}
}

func kindName(y *yaml.Node) string {
	switch y.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	return "a " + y.ShortTag()
}

// scalar resolves a YAML scalar to the JSON value it stands for.
func (c *converter) scalar(y *yaml.Node) *Node {
	c.charge(y, 1, len(y.Value))
	n := c.alloc(Scalar, y)
	tag := y.ShortTag()
	n.Tag = tag
	switch tag {
	case "!!null":
		n.Value = nil
	case "!!bool":
		switch y.Value {
		case "true", "True", "TRUE":
			n.Value = true
		case "false", "False", "FALSE":
			n.Value = false
		default:
			var b bool
			if err := y.Decode(&b); err != nil {
				c.errorf(y, "%q is not true or false", y.Value)
			}
			n.Value = b
		}
	case "!!int":
		i, err := strconv.ParseInt(strings.ReplaceAll(y.Value, "_", ""), 0, 64)
		switch {
		case errors.Is(err, strconv.ErrRange):
			c.errorf(y, "integer %s is out of range (at most 64 bits)", y.Value)
		case err != nil:
			c.errorf(y, "%q is not an integer", y.Value)
		}
		n.Value = i
	case "!!float":
		f, err := strconv.ParseFloat(strings.ReplaceAll(y.Value, "_", ""), 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			c.errorf(y, "%q is not a finite number", y.Value)
		}
		n.Value = f
	default: // !!str, !!timestamp, !!binary and custom tags read as strings
		n.Value = y.Value
	}
	return n
}
