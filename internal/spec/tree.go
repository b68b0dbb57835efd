package spec

import (
	"slices"

	"github.com/agentscale/agentscale/internal/yamlpos"
)

// node is a YAML value with the position of every part kept (see
// internal/yamlpos). The loader works on nodes (merging defaults and
// environments) before anything is decoded, so that every decoded field
// can still say where it came from.
type node = yamlpos.Node

// path helpers: paths look like "spec.roles[1].replicas.max".
func joinKey(path, key string) string { return yamlpos.JoinKey(path, key) }

func joinIndex(path string, i int) string { return yamlpos.JoinIndex(path, i) }

// toJSON returns the plain value of n (map[string]any, []any, scalars), the
// form JSON Schema validates and encoding/json decodes, and records the
// position of every path in into.
func toJSON(n *node, path string, into positions) any {
	return toJSONAt(n, path, Pos{}, into)
}

// toJSONAt is toJSON for a value whose key is at key (a list item's and
// the root's is its own position).
func toJSONAt(n *node, path string, key Pos, into positions) any {
	if n == nil {
		// A key without a value ("memory:") is recorded at the key; a null
		// with no key (a list item, the root) has no position to record.
		if key.IsValid() {
			into.set(path, fieldPos{Key: key, Value: key})
		}
		return nil
	}
	if !key.IsValid() {
		key = n.Pos
	}
	into.set(path, fieldPos{Key: key, Value: n.Pos})
	switch n.Kind {
	case yamlpos.Map:
		m := make(map[string]any, len(n.Keys))
		for i, k := range n.Keys {
			m[k.Name] = toJSONAt(n.Vals[i], joinKey(path, k.Name), k.Pos, into)
		}
		return m
	case yamlpos.List:
		l := make([]any, len(n.Items))
		for i, item := range n.Items {
			l[i] = toJSONAt(item, joinIndex(path, i), Pos{}, into)
		}
		return l
	default:
		return n.Value
	}
}

// mergeInto overlays over onto base: mappings merge key by key, anything
// else is replaced by over. Positions follow whichever side supplied a value,
// so an error in a defaulted field points at spec.defaults.
func mergeInto(base, over *node) *node {
	return mergeUnder("", base, over)
}

// oneOf lists, by the key of the mapping that holds them, the keys of which
// a mapping takes one: a role that sets one replaces the default's other,
// rather than merging into an object the API refuses (a probe with two
// handlers, a budget with both minAvailable and maxUnavailable).
var oneOf = map[string][]string{
	"readiness":  {"exec", "httpGet", "tcpSocket", "grpc"},
	"liveness":   {"exec", "httpGet", "tcpSocket", "grpc"},
	"startup":    {"exec", "httpGet", "tcpSocket", "grpc"},
	"scaling":    {"hpa", "keda"},
	"disruption": {"minAvailable", "maxUnavailable"},
}

// mergeUnder is mergeInto for the value of key.
func mergeUnder(key string, base, over *node) *node {
	if over == nil {
		return base.Clone()
	}
	if base == nil || base.Kind != yamlpos.Map || over.Kind != yamlpos.Map {
		return over.Clone()
	}
	return mergeOwned(key, base.Clone(), over)
}

// mergeOwned merges the mapping over into out, a copy the caller owns
// (its values too): each level is copied once, not once more for every
// level above it.
func mergeOwned(key string, out, over *node) *node {
	out.Pos = over.Pos
	if group := oneOf[key]; group != nil && slices.ContainsFunc(group, func(k string) bool { return over.Get(k) != nil }) {
		for _, k := range group {
			if over.Get(k) == nil {
				out.Delete(k)
			}
		}
	}
	for i, k := range over.Keys {
		cur, v := out.Get(k.Name), over.Vals[i]
		switch {
		case v == nil:
			v = cur
		case cur == nil || cur.Kind != yamlpos.Map || v.Kind != yamlpos.Map:
			v = v.Clone()
		default:
			v = mergeOwned(k.Name, cur, v)
		}
		out.Set(k.Name, k.Pos, v)
	}
	return out
}
