package e2e

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
)

// object is a Kubernetes object as decoded from YAML or JSON.
type object map[string]any

// parseObjects decodes multi-document YAML (or JSON), flattening v1 Lists as
// kubectl get -o yaml prints them.
func parseObjects(data []byte) ([]object, error) {
	dec := utilyaml.NewYAMLOrJSONDecoder(bytes.NewReader(data), 4096)
	var objs []object
	for {
		var o object
		if err := dec.Decode(&o); err != nil {
			if errors.Is(err, io.EOF) {
				return objs, nil
			}
			return nil, err
		}
		if o == nil {
			continue // empty document
		}
		if o.kind() == "List" {
			for _, it := range o.list("items") {
				if m, ok := it.(map[string]any); ok {
					objs = append(objs, object(m))
				}
			}
			continue
		}
		objs = append(objs, o)
	}
}

// get follows a path of map keys and returns nil when any step is missing.
func (o object) get(path ...string) any {
	var cur any = map[string]any(o)
	for _, p := range path {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[p]
	}
	return cur
}

func (o object) str(path ...string) string {
	s, _ := o.get(path...).(string)
	return s
}

func (o object) list(path ...string) []any {
	l, _ := o.get(path...).([]any)
	return l
}

func (o object) strMap(path ...string) map[string]string {
	m, _ := o.get(path...).(map[string]any)
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = fmt.Sprint(v)
	}
	return out
}

func (o object) kind() string      { return o.str("kind") }
func (o object) name() string      { return o.str("metadata", "name") }
func (o object) namespace() string { return o.str("metadata", "namespace") }

// group returns the API group of the object's apiVersion ("" for core).
func (o object) group() string {
	g, _, ok := strings.Cut(o.str("apiVersion"), "/")
	if !ok {
		return ""
	}
	return g
}

// ref is "Kind namespace/name", the way lint names objects.
func (o object) ref() string {
	if ns := o.namespace(); ns != "" {
		return fmt.Sprintf("%s %s/%s", o.kind(), ns, o.name())
	}
	return fmt.Sprintf("%s %s", o.kind(), o.name())
}

// kubectlName is "kind.group/name", unambiguous for kubectl get and delete.
func (o object) kubectlName() string {
	k := strings.ToLower(o.kind())
	if g := o.group(); g != "" {
		k += "." + g
	}
	return k + "/" + o.name()
}

func toJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
