package yamlpos

import "encoding/json"

// AppendJSON appends n as JSON, the form kubectl sends to the API server:
// mappings become objects in key order, scalars their resolved values.
func AppendJSON(buf []byte, n *Node) []byte {
	if n == nil {
		return append(buf, "null"...)
	}
	switch n.Kind {
	case Map:
		buf = append(buf, '{')
		for i, k := range n.Keys {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = appendString(buf, k.Name)
			buf = append(buf, ':')
			buf = AppendJSON(buf, n.Vals[i])
		}
		return append(buf, '}')
	case List:
		buf = append(buf, '[')
		for i, it := range n.Items {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = AppendJSON(buf, it)
		}
		return append(buf, ']')
	}
	return appendScalar(buf, n.Value)
}

// appendString writes s as a JSON string. Plain strings (the vast
// majority) are copied without escaping.
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

// Plain returns n as plain Go values (map[string]any, []any, scalars),
// the form encoding/json and JSON Schema validators take.
func Plain(n *Node) any {
	if n == nil {
		return nil
	}
	switch n.Kind {
	case Map:
		m := make(map[string]any, len(n.Keys))
		for i, k := range n.Keys {
			m[k.Name] = Plain(n.Vals[i])
		}
		return m
	case List:
		l := make([]any, len(n.Items))
		for i, it := range n.Items {
			l[i] = Plain(it)
		}
		return l
	}
	return n.Value
}
