// Package jsonfields says how encoding/json names and writes a struct's
// fields, for code that walks values or YAML beside a Go type: render's
// plain form of objects and the YAML reader's placing of decode errors.
package jsonfields

import (
	"reflect"
	"strings"
	"sync"
)

// Field is one field of a struct as encoding/json sees it.
type Field struct {
	Index int
	Name  string // "" when Embedded
	Type  reflect.Type
	// Embedded is a struct embedded without a name of its own
	// (",inline"): its fields are the outer struct's.
	Embedded            bool
	OmitEmpty, OmitZero bool
}

var cache sync.Map // reflect.Type → []Field

// Of lists t's fields in declaration order, unexported and "-" ones left
// out.
func Of(t reflect.Type) []Field {
	if f, ok := cache.Load(t); ok {
		return f.([]Field)
	}
	var fields []Field
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		ft := sf.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if sf.Anonymous && name == "" && ft.Kind() == reflect.Struct {
			fields = append(fields, Field{Index: i, Type: sf.Type, Embedded: true})
			continue
		}
		if !sf.IsExported() {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		fields = append(fields, Field{
			Index:     i,
			Name:      name,
			Type:      sf.Type,
			OmitEmpty: strings.Contains(","+opts+",", ",omitempty,"),
			OmitZero:  strings.Contains(","+opts+",", ",omitzero,"),
		})
	}
	cache.Store(t, fields)
	return fields
}

var byName sync.Map // reflect.Type → map[string]reflect.Type

// ByName maps a struct's JSON names to their types, the fields of embedded
// structs without a name of their own (",inline") flattened in, a shallower
// field winning as in encoding/json.
func ByName(t reflect.Type) map[string]reflect.Type {
	if m, ok := byName.Load(t); ok {
		return m.(map[string]reflect.Type)
	}
	out := map[string]reflect.Type{}
	for _, f := range Of(t) {
		if !f.Embedded {
			out[f.Name] = f.Type
			continue
		}
		et := f.Type
		for et.Kind() == reflect.Pointer {
			et = et.Elem()
		}
		for k, v := range ByName(et) {
			if _, shadowed := out[k]; !shadowed {
				out[k] = v
			}
		}
	}
	byName.Store(t, out)
	return out
}
