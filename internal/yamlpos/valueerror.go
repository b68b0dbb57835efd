package yamlpos

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/agentscale/agentscale/internal/diag"
)

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

// ValueError finds the value a type's own UnmarshalJSON refused. A decoder
// passes such an error on bare ("quantities must match the regular
// expression …"), without the field, so the walk decodes each value of the
// tree whose Go type (a Quantity, a Time) decodes itself, and returns the
// first that fails: its path with list indices
// ("spec.template.spec.containers[0].resources.requests.cpu"), where it was
// written, and what it must be. It runs only after a decode failed. ok is
// false when no such value refuses (the error came from elsewhere).
func ValueError(n *Node, t reflect.Type) (field string, pos diag.Pos, msg string, ok bool) {
	var path []string
	var found *Node
	var foundType reflect.Type
	var err error
	var walk func(n *Node, t reflect.Type) bool
	walk = func(n *Node, t reflect.Type) bool {
		t = elemType(t)
		if n == nil || (n.Kind == Scalar && n.Value == nil) {
			return false
		}
		if reflect.PointerTo(t).Implements(unmarshalerType) {
			v := reflect.New(t).Interface().(json.Unmarshaler)
			if err = v.UnmarshalJSON(AppendJSON(nil, n)); err != nil {
				found, foundType = n, t
				return true
			}
			return false
		}
		switch {
		case t.Kind() == reflect.Struct && n.Kind == Map:
			fields := jsonFields(t)
			for i, k := range n.Keys {
				ft, known := fields[k.Name]
				if !known {
					continue
				}
				path = append(path, "."+k.Name)
				if walk(n.Vals[i], ft) {
					return true
				}
				path = path[:len(path)-1]
			}
		case t.Kind() == reflect.Map && n.Kind == Map:
			for i, k := range n.Keys {
				path = append(path, "."+k.Name)
				if walk(n.Vals[i], t.Elem()) {
					return true
				}
				path = path[:len(path)-1]
			}
		case (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) && n.Kind == List:
			for i, item := range n.Items {
				path = append(path, "["+strconv.Itoa(i)+"]")
				if walk(item, t.Elem()) {
					return true
				}
				path = path[:len(path)-1]
			}
		}
		return false
	}
	if !walk(n, t) {
		return "", diag.Pos{}, "", false
	}
	field = strings.TrimPrefix(strings.Join(path, ""), ".")
	msg = err.Error()
	var want string
	switch {
	case strings.HasSuffix(foundType.Name(), "Quantity"):
		want = goTypeWord("Quantity")
	case foundType.Name() == "Time" && strings.HasSuffix(foundType.PkgPath(), "apis/meta/v1"):
		want = `an RFC 3339 time such as "2026-01-02T15:04:05Z"`
	}
	if want != "" {
		msg = "must be " + want
		if s, isString := found.Value.(string); isString {
			msg += fmt.Sprintf(", not %q", s)
		}
	}
	return field, found.Pos, msg, true
}

// jsonFields maps a struct's JSON names to their types, with embedded
// structs without a name of their own (",inline") flattened as
// encoding/json does.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			if et := elemType(f.Type); et.Kind() == reflect.Struct {
				for k, v := range jsonFields(et) {
					if _, shadowed := out[k]; !shadowed {
						out[k] = v
					}
				}
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f.Type
	}
	return out
}

// elemType is t without its pointers.
func elemType(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}
