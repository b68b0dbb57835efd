package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	yaml "go.yaml.in/yaml/v3"
)

// MarshalYAML serializes one object as clean YAML: no status, no
// creationTimestamp: null, no empty maps or lists, keys sorted.
func MarshalYAML(obj KubeObject) ([]byte, error) {
	m, err := cleanObject(obj)
	if err != nil {
		return nil, err
	}
	return marshalYAML(m)
}

// marshalYAML writes v the way kubectl does: two-space indent, list items
// level with their key, multi-line strings as literal blocks, no wrapping.
func marshalYAML(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	enc.CompactSeqIndent()
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// EncodeYAML writes the objects as a multi-document YAML stream, documents
// separated by "---".
func EncodeYAML(w io.Writer, objs []Object) error {
	var buf bytes.Buffer
	for i, o := range objs {
		b, err := MarshalYAML(o.Obj)
		if err != nil {
			return err
		}
		if i > 0 {
			buf.WriteString("---\n")
		}
		buf.Write(b)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// EncodeJSON writes the objects as one indented v1 List, which kubectl
// apply -f accepts like a stream of documents.
func EncodeJSON(w io.Writer, objs []Object) error {
	items := make([]any, len(objs))
	for i, o := range objs {
		m, err := cleanObject(o.Obj)
		if err != nil {
			return err
		}
		items[i] = m
	}
	list := map[string]any{"apiVersion": "v1", "kind": "List", "items": items}
	b, err := json.MarshalIndent(list, "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	_, err = w.Write(b)
	return err
}

// cleanObject converts a typed object to plain data and removes the noise.
func cleanObject(obj KubeObject) (map[string]any, error) {
	if obj == nil {
		return nil, fmt.Errorf("render: nil object")
	}
	b, err := json.Marshal(obj)
	if err != nil {
		return nil, fmt.Errorf("render: %s %s: %w", obj.GetObjectKind().GroupVersionKind().Kind, obj.GetName(), err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	delete(m, "status")
	clean(m, "")
	return m, nil
}

// keepEmpty lists keys whose empty value means something: an emptyDir with
// defaults, and a KEDA trigger's required metadata.
var keepEmpty = map[string]bool{"emptyDir": true, "triggers.metadata": true}

// clean removes nulls, empty maps and empty lists from m, recursively, and
// turns JSON numbers into Go numbers so YAML writes them as numbers. parent
// is the key m sits under (for items of a list, the list's key).
func clean(m map[string]any, parent string) {
	for k, v := range m {
		if keepEmpty[k] || keepEmpty[parent+"."+k] {
			if v == nil {
				m[k] = map[string]any{}
			}
			continue
		}
		if cleanValue(&v, k) {
			delete(m, k)
			continue
		}
		m[k] = v
	}
}

// cleanValue cleans *v in place and reports whether it is empty.
func cleanValue(v *any, key string) bool {
	switch x := (*v).(type) {
	case nil:
		return true
	case map[string]any:
		clean(x, key)
		return len(x) == 0
	case []any:
		out := x[:0]
		for _, item := range x {
			if !cleanValue(&item, key) {
				out = append(out, item)
			}
		}
		*v = out
		return len(out) == 0
	case json.Number:
		if n, err := x.Int64(); err == nil {
			*v = n
		} else if f, err := x.Float64(); err == nil {
			*v = f
		}
	}
	return false
}
