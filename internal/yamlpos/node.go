package yamlpos

import (
	"slices"

	"github.com/agentscale/agentscale/internal/diag"
)

// Kind is what a Node holds.
type Kind uint8

const (
	Scalar Kind = iota
	Map
	List
)

// Node is one YAML value and where it was written. Values an alias or a
// merge key copies keep the position of the anchored original.
type Node struct {
	Kind Kind
	Pos  diag.Pos
	// Map: the keys in document order (merged keys after the mapping's
	// own), with parallel values.
	Keys []Key
	Vals []*Node
	// List: the items.
	Items []*Node
	// Scalar: nil, bool, int64, float64 or string.
	Value any
	// Tag is the scalar's resolved short tag ("!!str", "!!int", "!!binary",
	// or a custom tag such as "!Ref", whose value is kept as a string).
	Tag string
}

// Key is a mapping key and where it was written.
type Key struct {
	Name string
	Pos  diag.Pos
}

// Get returns the value of key in a mapping, or nil.
func (n *Node) Get(key string) *Node {
	if i := n.Index(key); i >= 0 {
		return n.Vals[i]
	}
	return nil
}

// Index returns the index of key in a mapping, or -1.
func (n *Node) Index(key string) int {
	if n == nil || n.Kind != Map {
		return -1
	}
	for i, k := range n.Keys {
		if k.Name == key {
			return i
		}
	}
	return -1
}

// KeyPos returns where key was written in a mapping, or the zero Pos.
func (n *Node) KeyPos(key string) diag.Pos {
	if i := n.Index(key); i >= 0 {
		return n.Keys[i].Pos
	}
	return diag.Pos{}
}

// String returns a scalar's value as a string: "" for a null, a
// collection or nil.
func (n *Node) String() string {
	if n == nil || n.Kind != Scalar {
		return ""
	}
	if s, ok := n.Value.(string); ok {
		return s
	}
	return ""
}

// Set replaces or appends key in a mapping.
func (n *Node) Set(key string, pos diag.Pos, v *Node) {
	if n == nil || n.Kind != Map {
		return
	}
	if i := n.Index(key); i >= 0 {
		n.Keys[i].Pos, n.Vals[i] = pos, v
		return
	}
	n.Keys = append(n.Keys, Key{Name: key, Pos: pos})
	n.Vals = append(n.Vals, v)
}

// Delete removes key from a mapping, if present.
func (n *Node) Delete(key string) {
	if n == nil || n.Kind != Map {
		return
	}
	if i := n.Index(key); i >= 0 {
		n.Keys = slices.Delete(n.Keys, i, i+1)
		n.Vals = slices.Delete(n.Vals, i, i+1)
	}
}

// Clone copies n deeply.
func (n *Node) Clone() *Node {
	if n == nil {
		return nil
	}
	c := *n
	if n.Keys != nil {
		c.Keys = append([]Key(nil), n.Keys...)
		c.Vals = make([]*Node, len(n.Vals))
		for i, v := range n.Vals {
			c.Vals[i] = v.Clone()
		}
	}
	if n.Items != nil {
		c.Items = make([]*Node, len(n.Items))
		for i, v := range n.Items {
			c.Items[i] = v.Clone()
		}
	}
	return &c
}

// Size counts the values in n and the bytes of its keys and string
// scalars: what a copy of n costs.
func (n *Node) Size() (values, bytes int) {
	if n == nil {
		return 0, 0
	}
	values = 1
	switch n.Kind {
	case Map:
		for i, k := range n.Keys {
			v, b := n.Vals[i].Size()
			values += v
			bytes += b + len(k.Name)
		}
	case List:
		for _, it := range n.Items {
			v, b := it.Size()
			values += v
			bytes += b
		}
	default:
		if s, ok := n.Value.(string); ok {
			bytes += len(s)
		}
	}
	return values, bytes
}

// IsNull reports a missing value or a YAML null.
func (n *Node) IsNull() bool { return n == nil || n.Kind == Scalar && n.Value == nil }
