package manifest

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"
)

// Limits that keep hostile input bounded: alias bombs and deep nesting.
const (
	maxNodes = 250_000 // values per document, aliases expanded (a large ConfigMap has a few thousand)
	maxDepth = 100
)

// jsonWriter turns a parsed YAML document into JSON the way kubectl reads
// it: mapping keys are strings, duplicate keys are errors, aliases and merge
// keys (<<) are expanded, and values keep their YAML types.
type jsonWriter struct {
	buf   []byte
	count int
	err   *nodeError
	// keys is a stack of the keys written by the mappings being written,
	// for finding duplicates without a map per mapping.
	keys []seenKey
}

type seenKey struct {
	key  string
	line int
}

// nodeError is a conversion problem at a node of the document.
type nodeError struct {
	line, col int
	msg       string
}

func (w *jsonWriter) fail(y *yaml.Node, format string, args ...any) {
	if w.err == nil {
		w.err = &nodeError{y.Line, y.Column, fmt.Sprintf(format, args...)}
	}
}

func (w *jsonWriter) value(y *yaml.Node, depth int) {
	if w.err != nil {
		return
	}
	if w.count++; w.count > maxNodes {
		w.fail(y, "document expands to more than %d values (a YAML alias bomb?)", maxNodes)
		return
	}
	if depth > maxDepth {
		w.fail(y, "nesting deeper than %d levels", maxDepth)
		return
	}
	switch y.Kind {
	case yaml.DocumentNode:
		if len(y.Content) == 0 {
			w.buf = append(w.buf, "null"...)
			return
		}
		w.value(y.Content[0], depth)
	case yaml.AliasNode:
		w.value(y.Alias, depth+1)
	case yaml.SequenceNode:
		w.buf = append(w.buf, '[')
		for i, item := range y.Content {
			if i > 0 {
				w.buf = append(w.buf, ',')
			}
			w.value(item, depth+1)
		}
		w.buf = append(w.buf, ']')
	case yaml.MappingNode:
		w.buf = append(w.buf, '{')
		mark := len(w.keys)
		w.mapping(y, depth, mark, false)
		w.keys = w.keys[:mark]
		w.buf = append(w.buf, '}')
	default:
		w.scalar(y)
	}
}

// mapping writes the pairs of y. The keys written so far for this JSON
// object are w.keys[mark:]; a merged mapping only adds keys the merging one
// lacks.
func (w *jsonWriter) mapping(y *yaml.Node, depth int, mark int, merging bool) {
	var merges []*yaml.Node
	for i := 0; i+1 < len(y.Content) && w.err == nil; i += 2 {
		k, v := y.Content[i], y.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			merges = append(merges, v)
			continue
		}
		if k.Kind != yaml.ScalarNode {
			w.fail(k, "mapping keys must be strings")
			return
		}
		if line, dup := w.written(mark, k.Value); dup {
			if merging {
				continue
			}
			w.fail(k, "duplicate key %q (first set at line %d)", k.Value, line)
			return
		}
		if len(w.keys) > mark {
			w.buf = append(w.buf, ',')
		}
		w.keys = append(w.keys, seenKey{k.Value, k.Line})
		w.buf = appendString(w.buf, k.Value)
		w.buf = append(w.buf, ':')
		w.value(v, depth+1)
	}
	for _, m := range merges {
		w.merge(m, depth, mark)
	}
}

// written returns the line of key if the object being written has it. A
// linear scan beats a map for the few keys Kubernetes objects have per
// level; large mappings (ConfigMap data) are rare and still fast.
func (w *jsonWriter) written(mark int, key string) (int, bool) {
	for _, k := range w.keys[mark:] {
		if k.key == key {
			return k.line, true
		}
	}
	return 0, false
}

func (w *jsonWriter) merge(m *yaml.Node, depth int, mark int) {
	if depth > maxDepth {
		w.fail(m, "merge keys (<<) nested deeper than %d levels (a merge of itself?)", maxDepth)
		return
	}
	m = deref(m)
	switch m.Kind {
	case yaml.MappingNode:
		w.mapping(m, depth+1, mark, true)
	case yaml.SequenceNode:
		for _, item := range m.Content {
			w.merge(item, depth+1, mark)
		}
	default:
		w.fail(m, "a merge key (<<) needs a mapping or a list of mappings")
	}
}

// scalar writes a scalar as the JSON value YAML resolves it to.
func (w *jsonWriter) scalar(y *yaml.Node) {
	switch y.ShortTag() {
	case "!!null":
		w.buf = append(w.buf, "null"...)
	case "!!bool":
		var b bool
		if err := y.Decode(&b); err != nil {
			w.fail(y, "invalid boolean %q", y.Value)
		}
		w.buf = strconv.AppendBool(w.buf, b)
	case "!!int":
		if isDecimal(y.Value) {
			w.buf = append(w.buf, strings.TrimPrefix(y.Value, "+")...)
			return
		}
		var i int64
		if err := y.Decode(&i); err != nil {
			w.fail(y, "integer %s is out of range", y.Value)
		}
		w.buf = strconv.AppendInt(w.buf, i, 10)
	case "!!float":
		var f float64
		if err := y.Decode(&f); err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			w.fail(y, "%q is not a finite number", y.Value)
			return
		}
		w.buf = strconv.AppendFloat(w.buf, f, 'g', -1, 64)
	default: // !!str, !!timestamp, !!binary and custom tags read as strings
		if !utf8.ValidString(y.Value) {
			w.fail(y, "string is not valid UTF-8")
			return
		}
		w.buf = appendString(w.buf, y.Value)
	}
}

// isDecimal reports whether s is a plain decimal integer short enough to
// copy as is (the common case: no Decode call).
func isDecimal(s string) bool {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "+"), "-")
	if s == "" || len(s) > 18 || (len(s) > 1 && s[0] == '0') {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// appendString writes s as a JSON string. Plain strings (the vast majority)
// are copied without escaping.
func appendString(buf []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c >= 0x7f {
			q, _ := json.Marshal(s) // cannot fail for a string
			return append(buf, q...)
		}
	}
	buf = append(buf, '"')
	buf = append(buf, s...)
	return append(buf, '"')
}
