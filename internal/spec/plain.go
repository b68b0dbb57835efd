package spec

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strings"
	"sync"

	kjson "sigs.k8s.io/json"
)

// The swarm is decoded from its plain form (toJSON's maps, lists and
// scalars) by walking the Go types with reflection, as
// sigs.k8s.io/json.UnmarshalStrict would decode the same document as JSON
// text: case-sensitive field names, unknown fields reported, wrong types
// left zero and reported (the first one), an Unmarshaler's error stopping
// everything. Why not marshal and UnmarshalStrict: the JSON decoder builds,
// on first sight of a type, the encoders of every type it can reach (its
// field table shares the encoder's), and the Kubernetes types under a
// swarm reach many: 1 ms of a cold validate, most of its own time. This
// walk looks up only the fields the document has. Types that decode
// themselves (quantities, int-or-string, the swarm's own codecs) are still
// handed to UnmarshalStrict, their JSON in hand. decode_diff_test.go holds
// the walk to UnmarshalStrict's results over every swarm file and a fuzz
// target.

// plainDecoder decodes one value and collects what went wrong.
type plainDecoder struct {
	pos     positions
	unknown []string // full paths of unknown fields, in the order met
	typeErr *Error   // the first wrong type (decoding goes on)
	fatal   error    // an error that stopped decoding, JSON decoder's text
}

// where is a value's path, built into a string only when something is
// reported there (most values never are).
type where struct {
	parent  *where
	key     string // the field or map key ("" is a key too)
	index   int
	isIndex bool   // a list item: index, not key
	base    string // the root's path
}

func (w *where) String() string {
	if w.parent == nil {
		return w.base
	}
	if w.isIndex {
		return joinIndex(w.parent.String(), w.index)
	}
	return joinKey(w.parent.String(), w.key)
}

// decodePlain decodes plain into v (a pointer), naming paths under prefix.
func decodePlain(plain any, prefix string, v any, pos positions) *plainDecoder {
	d := &plainDecoder{pos: pos}
	d.value(plain, reflect.ValueOf(v).Elem(), &where{base: prefix})
	if d.fatal != nil || d.typeErr != nil {
		// As UnmarshalStrict: a document that did not decode reports no
		// unknown fields (the field-by-field pass that follows does).
		d.unknown = nil
	}
	return d
}

func (d *plainDecoder) value(plain any, v reflect.Value, path *where) {
	if d.fatal != nil {
		return
	}
	t := v.Type()
	if decodesItself(t) {
		d.delegate(plain, v, path)
		return
	}
	if plain == nil {
		switch t.Kind() {
		case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface:
			v.SetZero()
		}
		return // null leaves anything else as it is
	}
	if f, ok := plain.(float64); ok && (math.IsNaN(f) || math.IsInf(f, 0)) {
		d.fatal = fmt.Errorf("json: unsupported value: %s", fmt.Sprint(f))
		return
	}
	switch t.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(t.Elem()))
		}
		d.value(plain, v.Elem(), path)
	case reflect.Struct:
		obj, ok := plain.(map[string]any)
		if !ok {
			d.wrongType(plain, t, path)
			return
		}
		info := structFields(t)
		if info.delegate {
			d.delegate(plain, v, path)
			return
		}
		for _, k := range sortedKeys(obj) {
			index, found := info.byName[k]
			if !found {
				d.unknown = append(d.unknown, joinKey(path.String(), k))
				continue
			}
			f, ok := fieldForSet(v, index)
			if !ok {
				d.fatal = fmt.Errorf("json: cannot set embedded pointer to unexported struct: %v", t)
				return
			}
			d.value(obj[k], f, &where{parent: path, key: k})
		}
	case reflect.Slice:
		list, ok := plain.([]any)
		switch {
		case t.Elem().Kind() == reflect.Uint8:
			d.delegate(plain, v, path) // []byte is base64 text
			return
		case !ok:
			d.wrongType(plain, t, path)
			return
		}
		s := reflect.MakeSlice(t, len(list), len(list))
		for i, item := range list {
			d.value(item, s.Index(i), &where{parent: path, index: i, isIndex: true})
		}
		v.Set(s)
	case reflect.Map:
		obj, ok := plain.(map[string]any)
		switch {
		case t.Key().Kind() != reflect.String || reflect.PointerTo(t.Key()).Implements(textUnmarshaler):
			d.delegate(plain, v, path)
			return
		case !ok:
			d.wrongType(plain, t, path)
			return
		}
		if v.IsNil() {
			v.Set(reflect.MakeMapWithSize(t, len(obj)))
		}
		for _, k := range sortedKeys(obj) {
			e := reflect.New(t.Elem()).Elem()
			d.value(obj[k], e, &where{parent: path, key: k})
			v.SetMapIndex(reflect.ValueOf(k).Convert(t.Key()), e)
		}
	case reflect.String:
		if s, ok := plain.(string); ok {
			v.SetString(s)
		} else {
			d.wrongType(plain, t, path)
		}
	case reflect.Bool:
		if b, ok := plain.(bool); ok {
			v.SetBool(b)
		} else {
			d.wrongType(plain, t, path)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, ok := wholeNumber(plain)
		if !ok || v.OverflowInt(n) {
			d.wrongType(plain, t, path)
			return
		}
		v.SetInt(n)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		n, ok := wholeNumber(plain)
		if !ok || n < 0 || v.OverflowUint(uint64(n)) {
			d.wrongType(plain, t, path)
			return
		}
		v.SetUint(uint64(n))
	case reflect.Float32, reflect.Float64:
		var f float64
		switch x := plain.(type) {
		case int64:
			f = float64(x)
		case float64:
			f = x
		default:
			d.wrongType(plain, t, path)
			return
		}
		if v.OverflowFloat(f) {
			d.wrongType(plain, t, path)
			return
		}
		v.SetFloat(f)
	default: // interfaces, arrays, ...: the decoder's own rules
		d.delegate(plain, v, path)
	}
}

// wholeNumber is plain as an integer when JSON text of it would parse as
// one: json.Marshal writes 5.0 as 5, and 1e21 with an exponent.
func wholeNumber(plain any) (int64, bool) {
	switch x := plain.(type) {
	case int64:
		return x, true
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e21 && x >= math.MinInt64 && x < math.MaxInt64 {
			return int64(x), true
		}
	}
	return 0, false
}

// delegate decodes one value with UnmarshalStrict, from its JSON.
func (d *plainDecoder) delegate(plain any, v reflect.Value, at *where) {
	data, err := json.Marshal(plain)
	if err != nil {
		d.fatal = err
		return
	}
	if u, ok := v.Addr().Interface().(json.Unmarshaler); ok {
		// What UnmarshalStrict does with a type that decodes itself: hand
		// it the JSON, and stop at its error.
		if err := u.UnmarshalJSON(data); err != nil {
			d.fatal = err
		}
		return
	}
	path := at.String()
	strict, err := kjson.UnmarshalStrict(data, v.Addr().Interface())
	for _, e := range strict {
		var fe kjson.FieldError
		if errors.As(e, &fe) {
			d.unknown = append(d.unknown, joinPath(path, fe.FieldPath()))
		}
	}
	switch {
	case err == nil:
	case strings.HasPrefix(err.Error(), "json: cannot unmarshal"):
		d.saveType(decodeError(err, path, d.pos))
	default:
		d.fatal = err
	}
}

// wrongType records a value of the wrong JSON type for t, in the words the
// JSON decoder would use (which yamlpos.TypeError turns into the file's).
func (d *plainDecoder) wrongType(plain any, t reflect.Type, at *where) {
	path := at.String()
	word := "number"
	switch plain.(type) {
	case string:
		word = "string"
	case bool:
		word = "bool"
	case map[string]any:
		word = "object"
	case []any:
		word = "array"
	}
	err := fmt.Errorf("json: cannot unmarshal %s into Go struct field %s.%s of type %s", word, "T", stripIndices(path), t)
	e := decodeError(err, "", d.pos)
	e.Pos, e.Path = d.pos.value(path), displayPath(path)
	d.saveType(e)
}

func (d *plainDecoder) saveType(e *Error) {
	if d.typeErr == nil {
		d.typeErr = e
	}
}

// structInfo is how a struct's JSON fields are found.
type structInfo struct {
	byName   map[string][]int // field index path, through embedded structs
	delegate bool             // a field option the walk does not implement (",string")
}

var structCache sync.Map // reflect.Type → *structInfo

// structFields finds a struct's JSON fields as encoding/json does: tagged
// or exported names, embedded structs' fields promoted, the shallowest
// field of a name winning and two at the same depth cancelling out (a
// tagged one beats an untagged one).
func structFields(t reflect.Type) *structInfo {
	if info, ok := structCache.Load(t); ok {
		return info.(*structInfo)
	}
	info := &structInfo{byName: map[string][]int{}}
	type candidate struct {
		index  []int
		tagged bool
	}
	type level struct {
		t     reflect.Type
		index []int
	}
	visited := map[reflect.Type]bool{}
	next := []level{{t: t}}
	for len(next) > 0 {
		current := next
		next = nil
		found := map[string][]candidate{}
		for _, l := range current {
			if visited[l.t] {
				continue
			}
			visited[l.t] = true
			for i := range l.t.NumField() {
				f := l.t.Field(i)
				tag := f.Tag.Get("json")
				if tag == "-" {
					continue
				}
				name, opts, _ := strings.Cut(tag, ",")
				if strings.Contains(","+opts+",", ",string,") {
					info.delegate = true
				}
				ft := f.Type
				if f.Anonymous && ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if f.Anonymous {
					if !f.IsExported() && ft.Kind() != reflect.Struct {
						continue
					}
				} else if !f.IsExported() {
					continue
				}
				index := append(append([]int(nil), l.index...), i)
				if name == "" && f.Anonymous && ft.Kind() == reflect.Struct {
					next = append(next, level{t: ft, index: index})
					continue
				}
				if name == "" {
					name = f.Name
				}
				found[name] = append(found[name], candidate{index: index, tagged: tag != "" && !strings.HasPrefix(tag, ",")})
			}
		}
		names := make([]string, 0, len(found))
		for n := range found {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			if _, shallower := info.byName[n]; shallower {
				continue
			}
			cs := found[n]
			var tagged []candidate
			for _, c := range cs {
				if c.tagged {
					tagged = append(tagged, c)
				}
			}
			switch {
			case len(cs) == 1:
				info.byName[n] = cs[0].index
			case len(tagged) == 1:
				info.byName[n] = tagged[0].index
			default:
				info.byName[n] = nil // ambiguous: encoding/json drops it
			}
		}
	}
	for n, index := range info.byName {
		if index == nil {
			delete(info.byName, n)
		}
	}
	actual, _ := structCache.LoadOrStore(t, info)
	return actual.(*structInfo)
}

// fieldForSet follows an index path, allocating embedded pointers.
func fieldForSet(v reflect.Value, index []int) (reflect.Value, bool) {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				if !v.CanSet() {
					return reflect.Value{}, false
				}
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, true
}

var selfDecoding sync.Map // reflect.Type → bool

// decodesItself reports whether t has its own UnmarshalJSON (asked once
// per type: Implements is slow enough to show).
func decodesItself(t reflect.Type) bool {
	if v, ok := selfDecoding.Load(t); ok {
		return v.(bool)
	}
	is := reflect.PointerTo(t).Implements(unmarshaler)
	selfDecoding.Store(t, is)
	return is
}

var textUnmarshaler = reflect.TypeFor[interface{ UnmarshalText([]byte) error }]()
