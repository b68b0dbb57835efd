package tune

import (
	"fmt"
	"github.com/agentscale/agentscale/internal/yamlpos"
	"strconv"
	"strings"
)

// node is a level of the YAML snippet: its keys in first-seen order, or a
// leaf value.
type node struct {
	keys     []string
	children map[string]*node
	// item marks a list element: named (a role or a pool: "- name: x") or
	// by index ("- # [1]").
	item  bool
	name  string
	value string
	leaf  bool
}

func (n *node) child(key string) *node {
	if n.children == nil {
		n.children = map[string]*node{}
	}
	c, ok := n.children[key]
	if !ok {
		c = &node{}
		n.children[key] = c
		n.keys = append(n.keys, key)
	}
	return c
}

// Snippet is the YAML to write into the swarm file for the chosen values:
// roles and node pools as list items by name, other list elements by
// index, trigger metadata quoted (it is a map of strings). It shows where
// each value goes; the file:line lines say which lines change.
func Snippet(keys, values []string) string {
	root := &node{}
	for k, key := range keys {
		head, rest, _ := strings.Cut(key, ".")
		var at *node
		switch head {
		case "headroom", "cluster":
			at = root.child("spec").child(head)
		case "nodePools":
			name, field, _ := strings.Cut(rest, ".")
			at = root.child("spec").child("nodePools").child("name=" + name)
			at.item, at.name, rest = true, name, field
		default:
			at = root.child("spec").child("roles").child("name=" + head)
			at.item, at.name = true, head
		}
		for _, part := range yamlpos.SplitPath(rest) {
			if part.IsIndex {
				at = at.child(fmt.Sprintf("[%d]", part.Index))
				at.item = true
				continue
			}
			at = at.child(part.Key)
		}
		at.leaf, at.value = true, yamlValue(values[k], strings.Contains(key, ".metadata."))
	}
	var b strings.Builder
	write(&b, root, 0)
	return b.String()
}

func write(b *strings.Builder, n *node, depth int) {
	pad := strings.Repeat("  ", depth)
	for _, key := range n.keys {
		c := n.children[key]
		switch {
		case c.item && c.name != "":
			fmt.Fprintf(b, "%s- name: %s\n", pad, c.name)
			write(b, c, depth+1)
		case c.item:
			fmt.Fprintf(b, "%s- # %s\n", pad, key)
			write(b, c, depth+1)
		case c.leaf:
			fmt.Fprintf(b, "%s%s: %s\n", pad, key, c.value)
		default:
			fmt.Fprintf(b, "%s%s:\n", pad, key)
			write(b, c, depth+1)
		}
	}
}

// yamlValue writes v as YAML: quoted when the field is a string map or
// when plain YAML would read it as something other than v.
func yamlValue(v string, str bool) string {
	if str || v == "" || strings.ContainsAny(v, ":#{}[],&*!|>'\"%@`") {
		return strconv.Quote(v)
	}
	return v
}
