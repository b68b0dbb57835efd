package yamlpos

import (
	"strconv"
	"strings"

	"github.com/agentscale/agentscale/internal/diag"
)

// Paths name a value in a document the way messages print them:
// "spec.roles[1].replicas.max". Keys holding dots or brackets (annotation
// names) are written in brackets with quotes:
// metadata.annotations["agentscale.dev/ignore"].

// JoinKey appends a mapping key to path.
func JoinKey(path, key string) string {
	if key == "" || strings.ContainsAny(key, ".[]\" \t\n") {
		return path + "[" + strconv.Quote(key) + "]"
	}
	if path == "" {
		return key
	}
	return path + "." + key
}

// JoinIndex appends a list index to path.
func JoinIndex(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// Part is one step of a path: a mapping key, or a list index when Key is
// empty and IsIndex is set.
type Part struct {
	Key     string
	Index   int
	IsIndex bool
}

// SplitPath cuts "a.b[2].c" into a, b, [2], c.
func SplitPath(p string) []Part {
	var out []Part
	for p != "" {
		switch {
		case p[0] == '.':
			p = p[1:]
		case strings.HasPrefix(p, `["`):
			q, err := strconv.QuotedPrefix(p[1:])
			if err != nil {
				end := strings.Index(p, `"]`)
				if end < 0 {
					return append(out, Part{Key: p[2:]})
				}
				out = append(out, Part{Key: p[2:end]})
				p = p[end+2:]
				continue
			}
			key, _ := strconv.Unquote(q)
			out = append(out, Part{Key: key})
			p = strings.TrimPrefix(p[1+len(q):], "]")
		case p[0] == '[':
			end := strings.IndexByte(p, ']')
			if end < 0 {
				return out
			}
			i, err := strconv.Atoi(p[1:end])
			if err != nil || i < 0 {
				return out
			}
			out = append(out, Part{Index: i, IsIndex: true})
			p = p[end+1:]
		default:
			end := strings.IndexAny(p, ".[")
			if end < 0 {
				end = len(p)
			}
			out = append(out, Part{Key: p[:end]})
			p = p[end:]
		}
	}
	return out
}

// Locate returns where the value at path is written: the key of a mapping
// entry, or the item of a list. A path that is absent resolves to its
// deepest present part; ok is false when even the first part is absent.
func Locate(root *Node, path string) (pos diag.Pos, ok bool) {
	n := root
	for _, part := range SplitPath(path) {
		if n == nil {
			return pos, ok
		}
		if !part.IsIndex {
			i := n.Index(part.Key)
			if i < 0 {
				return pos, ok
			}
			pos, ok, n = n.Keys[i].Pos, true, n.Vals[i]
			continue
		}
		if n.Kind != List || part.Index >= len(n.Items) {
			return pos, ok
		}
		n = n.Items[part.Index]
		pos, ok = n.Pos, true
	}
	return pos, ok
}

// LocateField finds a dotted path without list indices, as encoding/json
// names fields in its errors ("spec.template.spec.containers.ports"),
// trying list items in order, and returns where its value is written.
func LocateField(n *Node, keys []string) (diag.Pos, bool) {
	if n == nil || len(keys) == 0 {
		return diag.Pos{}, false
	}
	switch n.Kind {
	case List:
		for _, item := range n.Items {
			if p, ok := LocateField(item, keys); ok {
				return p, true
			}
		}
	case Map:
		i := n.Index(keys[0])
		if i < 0 {
			return diag.Pos{}, false
		}
		v := n.Vals[i]
		if len(keys) == 1 {
			if v == nil {
				return n.Keys[i].Pos, true
			}
			return v.Pos, true
		}
		if p, ok := LocateField(v, keys[1:]); ok {
			return p, true
		}
		return n.Keys[i].Pos, true
	}
	return diag.Pos{}, false
}
