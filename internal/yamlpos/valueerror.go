package yamlpos

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/agentscale/agentscale/internal/diag"
	"github.com/agentscale/agentscale/internal/jsonfields"
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
	var err error
	found, foundType, field := walkTyped(n, t, func(n *Node, t reflect.Type, _ string) (bool, bool) {
		if !reflect.PointerTo(t).Implements(unmarshalerType) {
			return false, false
		}
		err = reflect.New(t).Interface().(json.Unmarshaler).UnmarshalJSON(AppendJSON(nil, n))
		return err != nil, true
	})
	if found == nil {
		return "", diag.Pos{}, "", false
	}
	msg = strings.TrimPrefix(err.Error(), "json: ")
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

// TypeErrorAt finds the value behind a decoder's type error, which names
// the field without list indices ("spec.template.spec.containers.ports.
// containerPort", TypeError's field): the first value at that field that
// does not decode into its Go type, with its indexed path and position.
// LocateField, which takes the first list item holding the field, may
// point at a valid one.
func TypeErrorAt(n *Node, t reflect.Type, plainField string) (field string, pos diag.Pos, ok bool) {
	found, _, field := walkTyped(n, t, func(n *Node, t reflect.Type, plain string) (bool, bool) {
		if plain != plainField {
			return false, false
		}
		return json.Unmarshal(AppendJSON(nil, n), reflect.New(t).Interface()) != nil, true
	})
	if found == nil {
		return "", diag.Pos{}, false
	}
	return field, found.Pos, true
}

// walkTyped walks n beside the Go type t decodes it into. match is asked
// of every value, with its type and its path without indices; it says
// whether the value is the one sought, and whether the walk should stop
// descending there. walkTyped returns the first value sought, its type and
// its path with indices.
func walkTyped(n *Node, t reflect.Type, match func(n *Node, t reflect.Type, plain string) (hit, stop bool)) (*Node, reflect.Type, string) {
	var path, plain []string
	var found *Node
	var foundType reflect.Type
	var walk func(n *Node, t reflect.Type) bool
	descend := func(v *Node, t reflect.Type, step, plainStep string) bool {
		path = append(path, step)
		if plainStep != "" {
			plain = append(plain, plainStep)
		}
		if walk(v, t) {
			return true
		}
		path = path[:len(path)-1]
		if plainStep != "" {
			plain = plain[:len(plain)-1]
		}
		return false
	}
	walk = func(n *Node, t reflect.Type) bool {
		t = elemType(t)
		if n == nil || (n.Kind == Scalar && n.Value == nil) {
			return false
		}
		if hit, stop := match(n, t, strings.Join(plain, ".")); hit {
			found, foundType = n, t
			return true
		} else if stop {
			return false
		}
		switch {
		case t.Kind() == reflect.Struct && n.Kind == Map:
			fields := jsonfields.ByName(t)
			for i, k := range n.Keys {
				if ft, known := fields[k.Name]; known && descend(n.Vals[i], ft, "."+k.Name, k.Name) {
					return true
				}
			}
		case t.Kind() == reflect.Map && n.Kind == Map:
			for i, k := range n.Keys {
				if descend(n.Vals[i], t.Elem(), "."+k.Name, k.Name) {
					return true
				}
			}
		case (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) && n.Kind == List:
			for i, item := range n.Items {
				if descend(item, t.Elem(), "["+strconv.Itoa(i)+"]", "") {
					return true
				}
			}
		}
		return false
	}
	if !walk(n, t) {
		return nil, nil, ""
	}
	return found, foundType, strings.TrimPrefix(strings.Join(path, ""), ".")
}

// elemType is t without its pointers.
func elemType(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}
