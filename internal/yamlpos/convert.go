package yamlpos

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/agentscale/agentscale/internal/diag"
)

// A sink receives a document's values in order, aliases expanded and
// merge keys resolved: the converter decides what a document means (once,
// for every reader), a sink only writes it down — as Nodes (treeSink) or
// as JSON (jsonSink).
type sink interface {
	mapStart(pos diag.Pos)
	key(name string, pos diag.Pos)
	mapEnd()
	listStart(pos diag.Pos)
	listEnd()
	scalar(pos diag.Pos, tag string, v scalarValue)
}

// scalarValue is a resolved scalar, passed by value: boxing each into an
// interface would allocate for every value of a JSON document.
type scalarValue struct {
	kind scalarKind
	s    string
	i    int64
	f    float64
	b    bool
}

type scalarKind uint8

const (
	nullValue scalarKind = iota
	boolValue
	intValue
	floatValue
	stringValue
)

// any is the value as Node.Value holds it.
func (v scalarValue) any() any {
	switch v.kind {
	case boolValue:
		return v.b
	case intValue:
		return v.i
	case floatValue:
		return v.f
	case stringValue:
		return v.s
	}
	return nil
}

// convert runs one parsed document through c into s within lim. It
// returns the errors; with any, what s received is incomplete. c is reset
// first: a stream's documents share one converter and its stacks.
func convert(c *converter, o Origin, y *yaml.Node, lim Limits, s sink) (errs diag.ErrorList) {
	*c = converter{o: o, lim: lim, out: s, keys: c.keys[:0], maps: c.maps[:0], active: c.active[:0]}
	defer func() {
		if r := recover(); r != nil {
			a, ok := r.(abort)
			if !ok {
				panic(r)
			}
			errs = append(c.errs, a.err)
		}
	}()
	c.node(y, 0)
	return c.errs
}

// abort ends a conversion that went over a limit or into a cycle.
type abort struct{ err *diag.Error }

type converter struct {
	o          Origin
	lim        Limits
	item       *yaml.Node // the list item being converted, for messages
	out        sink
	values     int
	aliasBytes int
	copyAt     *yaml.Node   // the outermost alias or merge key being expanded
	active     []*yaml.Node // collections being converted, to find cycles
	errs       diag.ErrorList
	// keys is a stack of the keys written by the mappings being written
	// (for duplicates and merge precedence without a map per mapping);
	// maps has one entry per mapping being written.
	keys []written
	maps []openMap
}

type written struct {
	name string
	line int
}

// openMap is a mapping being written: its keys are keys[mark:], indexed
// once it grows past a few (so large mappings stay linear).
type openMap struct {
	mark  int
	index map[string]int // key → line
}

// has returns the line of key if the mapping being written has it.
func (c *converter) has(key string) (int, bool) {
	m := &c.maps[len(c.maps)-1]
	if m.index != nil {
		line, ok := m.index[key]
		return line, ok
	}
	for _, k := range c.keys[m.mark:] {
		if k.name == key {
			return k.line, true
		}
	}
	return 0, false
}

// add records a key of the mapping being written.
func (c *converter) add(key string, line int) {
	m := &c.maps[len(c.maps)-1]
	c.keys = append(c.keys, written{key, line})
	switch {
	case m.index != nil:
		m.index[key] = line
	case len(c.keys)-m.mark > 16:
		m.index = make(map[string]int, 2*(len(c.keys)-m.mark))
		for _, k := range c.keys[m.mark:] {
			m.index[k.name] = k.line
		}
	}
}

func (c *converter) pos(y *yaml.Node) diag.Pos { return c.o.Pos(y.Line, y.Column) }

func (c *converter) errorf(y *yaml.Node, format string, args ...any) {
	c.errs = append(c.errs, &diag.Error{Pos: c.pos(y), Msg: fmt.Sprintf(format, args...)})
}

func (c *converter) abortf(y *yaml.Node, format string, args ...any) {
	panic(abort{&diag.Error{Pos: c.pos(y), Msg: fmt.Sprintf(format, args...)}})
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

func (c *converter) node(y *yaml.Node, depth int) {
	if depth > c.lim.MaxDepth {
		if c.copyAt != nil {
			c.abortf(c.copyAt, "aliases nest values deeper than %d levels", c.lim.MaxDepth)
		}
		c.abortf(y, "nesting deeper than %d levels", c.lim.MaxDepth)
	}
	switch y.Kind {
	case yaml.DocumentNode:
		if len(y.Content) > 0 {
			c.node(y.Content[0], depth)
		}
	case yaml.AliasNode:
		t := y.Alias
		if t == nil {
			c.abortf(y, "alias *%s has no anchor", y.Value)
		}
		if c.isActive(t) {
			c.abortf(y, "alias *%s refers to a value that contains it (a cycle)", y.Value)
		}
		defer c.copying(y)()
		c.node(t, depth+1)
	case yaml.SequenceNode:
		c.charge(y, 1, 0)
		c.enter(y)
		c.out.listStart(c.pos(y))
		for _, item := range y.Content {
			c.item = item
			c.node(item, depth+1)
		}
		c.out.listEnd()
		c.leave()
	case yaml.MappingNode:
		c.charge(y, 1, 0)
		c.enter(y)
		c.out.mapStart(c.pos(y))
		c.maps = append(c.maps, openMap{mark: len(c.keys)})
		c.mapping(y, depth, false)
		c.keys = c.keys[:c.maps[len(c.maps)-1].mark]
		c.maps = c.maps[:len(c.maps)-1]
		c.out.mapEnd()
		c.leave()
	default:
		c.scalar(y)
	}
}

// mapping writes the pairs of y into the mapping being written. Merge keys
// (<<) add the keys of the merged mappings that it does not have yet; with
// merging, y is itself being merged, so keys it has already are skipped
// rather than duplicates.
func (c *converter) mapping(y *yaml.Node, depth int, merging bool) {
	var merges []*yaml.Node
	// A repeated key in a block list item is most often a new item whose
	// "- " was forgotten.
	item := c.item == y && y.Style&yaml.FlowStyle == 0
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
		if line, dup := c.has(k.Value); dup {
			if merging {
				c.charge(k, 1, 0) // skipping costs too
				continue
			}
			if item {
				c.errorf(k, "duplicate key %q (first set at line %d): to start another list item here, write \"- %s:\"", k.Value, line, k.Value)
				item = false // one hint per item
				continue
			}
			c.errorf(k, "duplicate key %q (first set at line %d)", k.Value, line)
			continue
		}
		c.charge(k, 0, len(k.Value))
		c.checkLength(k)
		p := c.pos(k)
		c.add(k.Value, p.Line)
		c.out.key(k.Value, p)
		c.node(v, depth+1)
	}
	for i := 0; i < len(merges); i += 2 {
		c.merge(merges[i], merges[i+1], depth+1)
	}
}

// merge adds the mapping, or the list of mappings, that the merge key at
// key stands for.
func (c *converter) merge(key, v *yaml.Node, depth int) {
	if depth > c.lim.MaxDepth {
		c.abortf(key, "merge keys (<<) nested deeper than %d levels", c.lim.MaxDepth)
	}
	defer c.copying(key)()
	one := func(t *yaml.Node) bool {
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
		c.mapping(t, depth+1, true)
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
			if !one(item) {
				c.errorf(item, "a merge key (<<) needs a mapping or a list of mappings")
			}
		}
		return
	}
	if !one(v) {
		c.errorf(v, "a merge key (<<) needs a mapping or a list of mappings")
	}
}

// checkLength refuses a key or value longer than the limit.
func (c *converter) checkLength(y *yaml.Node) {
	if len(y.Value) > c.lim.MaxScalarBytes {
		c.abortf(y, "a value of %.1f MiB; agentscale reads values of at most %s (the API server stores no object over 1.5 MiB)",
			float64(len(y.Value))/(1<<20), sizeName(c.lim.MaxScalarBytes))
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
func (c *converter) scalar(y *yaml.Node) {
	c.charge(y, 1, len(y.Value))
	c.checkLength(y)
	tag := y.ShortTag()
	var v scalarValue
	switch tag {
	case "!!null":
	case "!!bool":
		v.kind = boolValue
		switch y.Value {
		case "true", "True", "TRUE":
			v.b = true
		case "false", "False", "FALSE":
		default:
			if err := y.Decode(&v.b); err != nil {
				c.errorf(y, "%q is not true or false", y.Value)
			}
		}
	case "!!int":
		var err error
		v.kind = intValue
		v.i, err = strconv.ParseInt(strings.ReplaceAll(y.Value, "_", ""), 0, 64)
		switch {
		case errors.Is(err, strconv.ErrRange):
			c.errorf(y, "integer %s is out of range (at most 64 bits)", y.Value)
		case err != nil:
			c.errorf(y, "%q is not an integer", y.Value)
		}
	case "!!float":
		var err error
		v.kind = floatValue
		v.f, err = strconv.ParseFloat(strings.ReplaceAll(y.Value, "_", ""), 64)
		if err != nil || math.IsInf(v.f, 0) || math.IsNaN(v.f) {
			c.errorf(y, "%q is not a finite number", y.Value)
		}
	default: // !!str, !!timestamp, !!binary and custom tags read as strings
		v.kind, v.s = stringValue, y.Value
	}
	c.out.scalar(c.pos(y), tag, v)
}
