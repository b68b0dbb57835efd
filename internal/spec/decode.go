package spec

import (
	"encoding/json"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/agentscale/agentscale/internal/suggest"
	"github.com/agentscale/agentscale/internal/yamlpos"
)

// decode strictly decodes the merged document into a Swarm. The schema has
// already checked the structure; this catches unknown fields and wrong types
// inside the Kubernetes types the schema passes through (probes, env,
// behavior). When the whole does not decode, it is decoded field by field,
// so one broken value neither hides the errors elsewhere nor stops the
// semantic checks of the rest; ok then reports false.
func decode(file string, plain any, pos positions) (s *Swarm, errs ErrorList, ok bool) {
	s = &Swarm{}
	errs, ok = decodeInto(plain, "", s, pos)
	if !ok {
		*s = Swarm{}
		errs = decodeLenient(plain, "", reflect.ValueOf(s).Elem(), pos)
	}
	s.File, s.positions = file, pos
	return s, errs, ok
}

// decodeInto strictly decodes plain into v, naming errors under prefix.
// ok is false when a value did not decode.
func decodeInto(plain any, prefix string, v any, pos positions) (errs ErrorList, ok bool) {
	d := decodePlain(plain, prefix, v, pos)
	switch {
	case d.fatal != nil:
		errs = append(errs, decodeError(d.fatal, prefix, pos))
	case d.typeErr != nil:
		errs = append(errs, d.typeErr)
	}
	for _, path := range d.unknown {
		rel := strings.TrimPrefix(strings.TrimPrefix(path, prefix), ".")
		msg := UnknownField + suggest.DidYouMean(lastKey(rel), fieldsAt(reflect.TypeOf(v), rel))
		errs = append(errs, &Error{Pos: pos.key(path), Path: displayPath(path), Msg: msg})
	}
	return errs, d.fatal == nil && d.typeErr == nil
}

var unmarshaler = reflect.TypeFor[json.Unmarshaler]()

// fieldsAt lists the JSON field names of the struct that holds the last
// key of path, starting from t: the names an unknown key may have meant
// (the decoder's own field table, so fields of inlined structs count).
func fieldsAt(t reflect.Type, path string) []string {
	parts := yamlpos.SplitPath(path)
	if len(parts) == 0 {
		return nil
	}
	for _, p := range parts[:len(parts)-1] {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		switch {
		case p.IsIndex && t.Kind() == reflect.Slice, !p.IsIndex && t.Kind() == reflect.Map:
			t = t.Elem()
		case !p.IsIndex && t.Kind() == reflect.Struct:
			index, ok := structFields(t).byName[p.Key]
			if !ok {
				return nil
			}
			t = t.FieldByIndex(index).Type
		default:
			return nil
		}
	}
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	return jsonNames(t)
}

// jsonNames are a struct's JSON field names, inlined structs included.
func jsonNames(t reflect.Type) []string {
	if t.Kind() != reflect.Struct {
		return nil
	}
	info := structFields(t)
	out := make([]string, 0, len(info.byName))
	for name := range info.byName {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

func lastKey(path string) string {
	parts := yamlpos.SplitPath(path)
	if len(parts) == 0 {
		return ""
	}
	return parts[len(parts)-1].Key
}

// decodeLenient decodes plain into v, descending into our own structs (and
// pointers and slices of them) until the values that fail are isolated;
// those are left zero and reported. Kubernetes types and types with their
// own UnmarshalJSON are decoded whole.
func decodeLenient(plain any, path string, v reflect.Value, pos positions) ErrorList {
	errs, ok := decodeInto(plain, path, v.Addr().Interface(), pos)
	if ok || reflect.PointerTo(v.Type()).Implements(unmarshaler) {
		return errs
	}
	t := v.Type()
	switch {
	case t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct:
		v.Set(reflect.New(t.Elem()))
		return decodeLenient(plain, path, v.Elem(), pos)
	case t.Kind() == reflect.Struct && !strings.HasPrefix(t.PkgPath(), "k8s.io/"):
		obj, isMap := plain.(map[string]any)
		if !isMap {
			return errs
		}
		v.SetZero()
		errs = nil
		for _, key := range sortedKeys(obj) {
			if f, found := fieldByTag(t, key); found {
				errs = append(errs, decodeLenient(obj[key], joinKey(path, key), v.FieldByIndex(f.Index), pos)...)
			}
		}
		return errs
	case t.Kind() == reflect.Slice:
		list, isList := plain.([]any)
		if !isList {
			return errs
		}
		v.Set(reflect.MakeSlice(t, len(list), len(list)))
		errs = nil
		for i, item := range list {
			errs = append(errs, decodeLenient(item, joinIndex(path, i), v.Index(i), pos)...)
		}
		return errs
	}
	return errs
}

func fieldByTag(t reflect.Type, key string) (reflect.StructField, bool) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); name == key && f.IsExported() {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func joinPath(prefix, path string) string {
	switch {
	case prefix == "":
		return path
	case path == "":
		return prefix
	case path[0] == '[':
		return prefix + path
	}
	return prefix + "." + path
}

// decodeError positions a type error. Its field path has no list indices,
// so it is matched against the recorded paths.
func decodeError(err error, prefix string, pos positions) *Error {
	if field, msg, ok := yamlpos.TypeError(err); ok {
		field = joinPath(stripIndices(prefix), field)
		if path := findPath(pos, field); path != "" {
			return &Error{Pos: pos.value(path), Path: displayPath(path), Msg: msg}
		}
		return &Error{Pos: pos.value(prefix), Path: displayPath(field), Msg: msg}
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	return &Error{Pos: pos.value(prefix), Path: displayPath(prefix), Msg: msg}
}

// findPath returns the first recorded path (in file order) that equals
// field once list indices are dropped.
func findPath(pos positions, field string) string {
	var match []string
	for p := range pos.at {
		if stripIndices(p) == field {
			match = append(match, p)
		}
	}
	if len(match) == 0 {
		return ""
	}
	sort.Slice(match, func(i, j int) bool {
		fa, _ := pos.get(match[i])
		fb, _ := pos.get(match[j])
		a, b := fa.Value, fb.Value
		if a != b {
			return a.Before(b)
		}
		return match[i] < match[j]
	})
	return match[0]
}

var indices = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\[[0-9]+\]`) })

func stripIndices(p string) string { return indices().ReplaceAllString(p, "") }
