package spec

import (
	"encoding/json"
	"maps"
	"reflect"
	"strings"
	"sync"

	kjson "sigs.k8s.io/json"
)

// warmDecoder builds the JSON decoder's per-type tables for Swarm on the
// other core while the YAML is parsed and checked against the schema: the
// first decode of a swarm spends about 1 ms reflecting over its Go types
// (Kubernetes' probes, env and resources among them), most of a cold
// validate's own time.
var warmDecoder = sync.OnceFunc(func() {
	go func() {
		data, err := json.Marshal(sample(reflect.TypeFor[Swarm](), map[reflect.Type]bool{}))
		if err == nil {
			_, _ = kjson.UnmarshalStrict(data, &Swarm{})
		}
	}()
})

// sample is a plain value with every field of t present once, so that
// decoding it visits every struct type t holds. Types that decode
// themselves (quantities, int-or-string) are left out.
func sample(t reflect.Type, seen map[reflect.Type]bool) any {
	if reflect.PointerTo(t).Implements(unmarshaler) {
		return nil
	}
	switch t.Kind() {
	case reflect.Pointer:
		return sample(t.Elem(), seen)
	case reflect.Slice:
		if v := sample(t.Elem(), seen); v != nil {
			return []any{v}
		}
		return []any{}
	case reflect.Map:
		if v := sample(t.Elem(), seen); v != nil {
			return map[string]any{"k": v}
		}
		return map[string]any{}
	case reflect.Struct:
		if seen[t] {
			return nil
		}
		seen[t] = true
		defer delete(seen, t)
		obj := map[string]any{}
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || name == "-" {
				continue
			}
			v := sample(f.Type, seen)
			if inline, ok := v.(map[string]any); ok && f.Anonymous && name == "" {
				maps.Copy(obj, inline) // ProbeHandler inside Probe
			} else if v != nil && name != "" {
				obj[name] = v
			}
		}
		return obj
	case reflect.String:
		return ""
	case reflect.Bool:
		return false
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return 0
	}
	return nil
}
