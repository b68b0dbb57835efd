package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"runtime"
	"slices"
	"sync"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/agentscale/agentscale/internal/kinds"
)

// MarshalYAML serializes one object as clean YAML: no status, no
// creationTimestamp: null, no empty maps or lists; apiVersion, kind,
// metadata and spec first, then every struct's fields in the API types'
// order (a container's name before its image), map keys sorted.
func MarshalYAML(obj KubeObject) ([]byte, error) {
	m, err := cleanObject(obj)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.Grow(4096) // a Deployment is about 4 KiB
	emitYAML(&buf, m)
	return buf.Bytes(), nil
}

// EncodeYAML writes the objects as a multi-document YAML stream, documents
// separated by "---". Nothing is written unless every object encodes.
func EncodeYAML(w io.Writer, objs []Object) error {
	docs, err := encodeAll(objs, MarshalYAML)
	if err != nil {
		return err
	}
	n := 0
	for _, d := range docs {
		n += len(d) + 4
	}
	buf := make([]byte, 0, n)
	for i, d := range docs {
		if i > 0 {
			buf = append(buf, "---\n"...)
		}
		buf = append(buf, d...)
	}
	_, err = w.Write(buf)
	return err
}

// EncodeJSON writes the objects as one indented v1 List, which kubectl
// apply -f accepts like a stream of documents.
func EncodeJSON(w io.Writer, objs []Object) error {
	items, err := encodeAll(objs, func(obj KubeObject) (json.RawMessage, error) {
		m, err := cleanObject(obj)
		if err != nil {
			return nil, err
		}
		return json.Marshal(m)
	})
	if err != nil {
		return err
	}
	list := struct {
		APIVersion string            `json:"apiVersion"`
		Items      []json.RawMessage `json:"items"`
		Kind       string            `json:"kind"`
	}{"v1", items, "List"}
	if list.Items == nil {
		list.Items = []json.RawMessage{}
	}
	b, err := json.MarshalIndent(list, "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	_, err = w.Write(b)
	return err
}

// parallelFrom is the object count from which encoding fans out over the
// CPUs; below it, starting goroutines costs more than it saves.
const parallelFrom = 64

// encodeAll encodes every object, in parallel for large swarms, keeping
// the order. It returns the first error in object order.
func encodeAll[T any](objs []Object, enc func(KubeObject) (T, error)) ([]T, error) {
	out := make([]T, len(objs))
	errs := make([]error, len(objs))
	workers := min(runtime.GOMAXPROCS(0), len(objs)/parallelFrom+1)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(objs); i += workers {
				out[i], errs[i] = enc(objs[i].Obj)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// cleanObject converts a typed object to plain data and removes the noise.
func cleanObject(obj KubeObject) (object, error) {
	if obj == nil || reflect.ValueOf(obj).IsNil() {
		return nil, fmt.Errorf("render: nil object")
	}
	p, err := toPlain(reflect.ValueOf(obj))
	if err != nil {
		return nil, fmt.Errorf("render: %s %s: %w", obj.GetObjectKind().GroupVersionKind().Kind, obj.GetName(), err)
	}
	if u, ok := p.(map[string]any); ok { // untyped, from kustomize
		p = orderLike(u, typeOf(obj.GetObjectKind().GroupVersionKind()))
	}
	m, ok := p.(object)
	if !ok {
		return nil, fmt.Errorf("render: %T is not an object", obj)
	}
	m = slices.DeleteFunc(m, func(e member) bool { return e.key == "status" })
	cleanObjectMembers(&m, "")
	return apiVersionFirst(m), nil
}

// genericObject orders the top of a kind agentscale has no type for.
type genericObject struct {
	metav1.TypeMeta `json:",inline"`
	Metadata        metav1.ObjectMeta `json:"metadata"`
	Spec            any               `json:"spec"`
}

// typeOf is the Go type that orders an untyped object's fields.
func typeOf(gvk schema.GroupVersionKind) reflect.Type {
	if obj, ok := kinds.New(gvk.GroupVersion().String(), gvk.Kind); ok {
		return reflect.TypeOf(obj)
	}
	return reflect.TypeFor[genericObject]()
}

// apiVersionFirst moves apiVersion before kind: TypeMeta declares Kind
// first, but every manifest starts with apiVersion.
func apiVersionFirst(m object) object {
	if i := slices.IndexFunc(m, func(e member) bool { return e.key == "apiVersion" }); i > 0 {
		e := m[i]
		copy(m[1:i+1], m[:i])
		m[0] = e
	}
	return m
}

// keepEmpty lists keys whose empty value means something: an emptyDir with
// defaults, and a KEDA trigger's required metadata.
var keepEmpty = map[string]bool{"emptyDir": true, "triggers.metadata": true}

// clean removes nulls, empty maps and empty lists from m, recursively, and
// turns JSON numbers into Go numbers so YAML writes them as numbers. parent
// is the key m sits under (for items of a list, the list's key).
func clean(m map[string]any, parent string) {
	for k, v := range m {
		if kept(k, parent, &v) {
			m[k] = v
			continue
		}
		if cleanValue(&v, k) {
			delete(m, k)
			continue
		}
		m[k] = v
	}
}

// kept reports whether key (under parent) keeps an empty value, and
// turns a null there into {}.
func kept(key, parent string, v *any) bool {
	if !keepEmpty[key] && !keepEmpty[parent+"."+key] {
		return false
	}
	if *v == nil {
		*v = map[string]any{}
	}
	return true
}

// cleanObjectMembers is clean for an object, keeping the order.
func cleanObjectMembers(o *object, parent string) {
	out := (*o)[:0]
	for _, e := range *o {
		if kept(e.key, parent, &e.val) {
			out = append(out, e)
			continue
		}
		if !cleanValue(&e.val, e.key) {
			out = append(out, e)
		}
	}
	clear((*o)[len(out):])
	*o = out
}

// cleanValue cleans *v in place and reports whether it is empty.
func cleanValue(v *any, key string) bool {
	switch x := (*v).(type) {
	case nil:
		return true
	case object:
		cleanObjectMembers(&x, key)
		*v = x
		return len(x) == 0
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

// PlainObjects are the objects exactly as EncodeJSON writes them, as maps:
// what diff applies and what import compares.
func PlainObjects(objs []Object) ([]map[string]any, error) {
	var buf bytes.Buffer
	if err := EncodeJSON(&buf, objs); err != nil {
		return nil, err
	}
	var list struct {
		Items []map[string]any `json:"items"`
	}
	if err := json.Unmarshal(buf.Bytes(), &list); err != nil {
		return nil, err
	}
	return list.Items, nil
}
