package render

import (
	"bytes"
	"encoding"
	"encoding/base64"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/agentscale/agentscale/internal/jsonfields"
)

// toPlain converts a typed object to the plain data encoding/json would
// produce (objects, maps, lists, strings, int64, float64, bool, nil), without
// serializing and re-parsing it: that round trip was most of the cost of
// encoding a large swarm. It follows encoding/json's rules for the tags and
// types Kubernetes objects use: json names, omitempty, omitzero, embedded
// structs, "-", json.Marshaler and encoding.TextMarshaler. A test checks it
// against encoding/json on every rendered object. A struct becomes an
// object, which keeps the struct's field order (the order the API reference
// lists and people write); a Go map becomes a map[string]any, written sorted.
func toPlain(v reflect.Value) (any, error) {
	if !v.IsValid() {
		return nil, nil
	}
	if v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return nil, nil
		}
	}
	if m, ok := marshaler(v); ok {
		return m()
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		return toPlain(v.Elem())
	case reflect.Struct:
		return structToPlain(v)
	case reflect.Map:
		if v.IsNil() {
			return nil, nil
		}
		out := make(map[string]any, v.Len())
		iter := v.MapRange()
		for iter.Next() {
			e, err := toPlain(iter.Value())
			if err != nil {
				return nil, err
			}
			out[iter.Key().String()] = e
		}
		return out, nil
	case reflect.Slice:
		if v.IsNil() {
			return nil, nil
		}
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return base64.StdEncoding.EncodeToString(v.Bytes()), nil
		}
		fallthrough
	case reflect.Array:
		out := make([]any, v.Len())
		for i := range out {
			e, err := toPlain(v.Index(i))
			if err != nil {
				return nil, err
			}
			out[i] = e
		}
		return out, nil
	case reflect.String:
		return v.String(), nil
	case reflect.Bool:
		return v.Bool(), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int(), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return int64(v.Uint()), nil
	case reflect.Float32, reflect.Float64:
		return v.Float(), nil
	}
	return nil, &json.UnsupportedTypeError{Type: v.Type()}
}

var (
	jsonMarshaler = reflect.TypeFor[json.Marshaler]()
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
)

// selfMarshal says how a type marshals itself, if it does.
type selfMarshal uint8

const (
	marshalsNot selfMarshal = iota
	marshalsJSON
	marshalsJSONAddr // through its pointer
	marshalsText
	marshalsTextAddr
)

var marshalCache sync.Map // reflect.Type → selfMarshal

// marshalerOf caches reflect's Implements checks, which are slow.
func marshalerOf(t reflect.Type) selfMarshal {
	if m, ok := marshalCache.Load(t); ok {
		return m.(selfMarshal)
	}
	m := marshalsNot
	pt := reflect.PointerTo(t)
	switch {
	case t.Implements(jsonMarshaler):
		m = marshalsJSON
	case t.Kind() != reflect.Pointer && pt.Implements(jsonMarshaler):
		m = marshalsJSONAddr
	case t.Implements(textMarshaler):
		m = marshalsText
	case t.Kind() != reflect.Pointer && pt.Implements(textMarshaler):
		m = marshalsTextAddr
	}
	marshalCache.Store(t, m)
	return m
}

// marshaler returns a converter for values that marshal themselves
// (Quantity, IntOrString, Time, RawExtension): their JSON, parsed.
func marshaler(v reflect.Value) (func() (any, error), bool) {
	m := marshalerOf(v.Type())
	switch {
	case m == marshalsNot,
		(m == marshalsJSONAddr || m == marshalsTextAddr) && !v.CanAddr():
		return nil, false
	case m == marshalsJSONAddr || m == marshalsTextAddr:
		v = v.Addr()
	}
	if m == marshalsText || m == marshalsTextAddr {
		return func() (any, error) {
			b, err := v.Interface().(encoding.TextMarshaler).MarshalText()
			return string(b), err
		}, true
	}
	return func() (any, error) {
		b, err := v.Interface().(json.Marshaler).MarshalJSON()
		if err != nil {
			return nil, err
		}
		return parseJSONValue(b)
	}, true
}

// parseJSONValue parses a marshaler's output, with fast paths for the
// simple strings and numbers Quantity and IntOrString produce.
func parseJSONValue(b []byte) (any, error) {
	b = bytes.TrimSpace(b)
	if n := len(b); n >= 2 && b[0] == '"' && b[n-1] == '"' && bytes.IndexByte(b[1:n-1], '\\') < 0 && bytes.IndexByte(b[1:n-1], '"') < 0 {
		return string(b[1 : n-1]), nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var out any
	err := dec.Decode(&out)
	return out, err
}

// object is a struct's fields in declaration order, as encoding/json writes
// them.
type object []member

type member struct {
	key string
	val any
}

// get returns the value of key, if present.
func (o object) get(key string) (any, bool) {
	for _, m := range o {
		if m.key == key {
			return m.val, true
		}
	}
	return nil, false
}

// MarshalJSON writes the members in order.
func (o object) MarshalJSON() ([]byte, error) {
	buf := []byte{'{'}
	for i, m := range o {
		if i > 0 {
			buf = append(buf, ',')
		}
		k, err := json.Marshal(m.key)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(m.val)
		if err != nil {
			return nil, err
		}
		buf = append(append(append(buf, k...), ':'), v...)
	}
	return append(buf, '}'), nil
}

func structToPlain(v reflect.Value) (any, error) {
	out := make(object, 0, len(jsonfields.Of(v.Type())))
	if err := fieldsInto(&out, v); err != nil {
		return nil, err
	}
	return out, nil
}

// fieldsInto appends v's fields to out, flattening embedded structs.
func fieldsInto(out *object, v reflect.Value) error {
	for _, f := range jsonfields.Of(v.Type()) {
		fv := v.Field(f.Index)
		if f.Embedded {
			if fv.Kind() == reflect.Pointer {
				if fv.IsNil() {
					continue
				}
				fv = fv.Elem()
			}
			if err := fieldsInto(out, fv); err != nil {
				return err
			}
			continue
		}
		if f.OmitEmpty && isEmpty(fv) || f.OmitZero && fv.IsZero() {
			continue
		}
		p, err := toPlain(fv)
		if err != nil {
			return err
		}
		*out = append(*out, member{f.Name, p})
	}
	return nil
}

// isEmpty is encoding/json's notion of empty for omitempty.
func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}

// orderLike orders untyped data (an object kustomize handed back as
// *unstructured.Unstructured) like the Go type t would: struct fields in
// declaration order, then any keys t does not declare, sorted.
func orderLike(v any, t reflect.Type) any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if marshalerOf(t) != marshalsNot {
		return v // Quantity, IntOrString, Time: a scalar or its own shape
	}
	switch x := v.(type) {
	case map[string]any:
		switch t.Kind() {
		case reflect.Struct:
			out := make(object, 0, len(x))
			appendFieldsLike(&out, x, t)
			if len(out) < len(x) {
				start := len(out)
				for k, e := range x {
					if _, ok := out[:start].get(k); !ok {
						out = append(out, member{k, e})
					}
				}
				slices.SortFunc(out[start:], func(a, b member) int { return strings.Compare(a.key, b.key) })
			}
			return out
		case reflect.Map:
			for k, e := range x {
				x[k] = orderLike(e, t.Elem())
			}
		}
	case []any:
		if t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
			for i, e := range x {
				x[i] = orderLike(e, t.Elem())
			}
		}
	}
	return v
}

// appendFieldsLike appends the entries of m that t's fields name, in t's
// order, flattening embedded structs.
func appendFieldsLike(out *object, m map[string]any, t reflect.Type) {
	for _, f := range jsonfields.Of(t) {
		ft := t.Field(f.Index).Type
		if f.Embedded {
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			appendFieldsLike(out, m, ft)
			continue
		}
		if e, ok := m[f.Name]; ok {
			*out = append(*out, member{f.Name, orderLike(e, ft)})
		}
	}
}
