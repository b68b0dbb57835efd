package manifest

import (
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// locate walks path ("a.b[2].c") from a document's root node and returns
// the line and column of the deepest part present: the key of a mapping
// entry, or the item of a sequence. It returns 0, 0 when even the first
// part is absent.
func locate(root *yaml.Node, path string) (line, col int) {
	n := root
	for _, part := range splitPath(path) {
		n = deref(n)
		if part.key != "" {
			k, v := lookupKey(n, part.key)
			if k == nil {
				return line, col
			}
			line, col, n = k.Line, k.Column, v
			continue
		}
		if n.Kind != yaml.SequenceNode || part.index >= len(n.Content) {
			return line, col
		}
		n = n.Content[part.index]
		line, col = n.Line, n.Column
	}
	return line, col
}

// locateField finds a dotted path without list indices, as encoding/json
// reports it ("spec.template.spec.containers.ports"), trying each list item
// in order. It returns 0, 0 when the path is absent.
func locateField(n *yaml.Node, keys []string, depth int) (line, col int) {
	n = deref(n)
	if len(keys) == 0 || depth > maxDepth {
		return 0, 0
	}
	switch n.Kind {
	case yaml.SequenceNode:
		for _, item := range n.Content {
			if l, c := locateField(item, keys, depth+1); l > 0 {
				return l, c
			}
		}
	case yaml.MappingNode:
		k, v := lookupKey(n, keys[0])
		if k == nil {
			return 0, 0
		}
		if len(keys) == 1 {
			return v.Line, v.Column
		}
		if l, c := locateField(v, keys[1:], depth+1); l > 0 {
			return l, c
		}
		return k.Line, k.Column
	}
	return 0, 0
}

func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && i < maxDepth; i++ {
		n = n.Alias
	}
	return n
}

func lookupKey(n *yaml.Node, key string) (k, v *yaml.Node) {
	if n.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key && n.Content[i].Kind == yaml.ScalarNode {
			return n.Content[i], n.Content[i+1]
		}
	}
	return nil, nil
}

type pathPart struct {
	key   string
	index int
}

// splitPath cuts "a.b[2].c" into a, b, [2], c. Keys holding dots or
// brackets (annotation names) are written in brackets with quotes:
// metadata.annotations["agentscale.dev/ignore"].
func splitPath(p string) []pathPart {
	var out []pathPart
	for p != "" {
		switch {
		case p[0] == '.':
			p = p[1:]
		case strings.HasPrefix(p, `["`):
			end := strings.Index(p, `"]`)
			if end < 0 {
				return append(out, pathPart{key: p[2:]})
			}
			out = append(out, pathPart{key: p[2:end]})
			p = p[end+2:]
		case p[0] == '[':
			end := strings.IndexByte(p, ']')
			if end < 0 {
				return out
			}
			i, err := strconv.Atoi(p[1:end])
			if err != nil || i < 0 {
				return out
			}
			out = append(out, pathPart{index: i})
			p = p[end+1:]
		default:
			end := strings.IndexAny(p, ".[")
			if end < 0 {
				end = len(p)
			}
			out = append(out, pathPart{key: p[:end]})
			p = p[end:]
		}
	}
	return out
}
