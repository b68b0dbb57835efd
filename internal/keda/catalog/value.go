package catalog

import (
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Value is a key's value as KEDA parses it (one field of Value is set, by
// the key's Kind).
type Value struct {
	Raw      string
	Int      int64
	Uint     uint64
	Float    float64
	Bool     bool
	Duration time.Duration
	List     []string // a List's elements, trimmed; a Map's key=value pairs
}

// Parse reads v as KEDA's setValue and setConfigValueHelper do for key k
// (the enum and exclusive-set checks, then the conversion to the field's
// type) and returns KEDA's reason for refusing it in plain words.
func (k *Key) Parse(v string) (Value, error) {
	val := Value{Raw: v}
	if len(k.Enum) > 0 {
		var bad []string
		for _, s := range k.split(v) {
			if s = strings.TrimSpace(s); !slices.Contains(k.Enum, s) {
				bad = append(bad, s)
			}
		}
		if len(bad) > 0 {
			what := fmt.Sprintf("%q is not", bad[0])
			if k.Kind == List && len(bad) > 1 {
				what = fmt.Sprintf("%q are not", bad)
			}
			return val, fmt.Errorf("%s one of %s", what, strings.Join(k.Enum, ", "))
		}
	}
	if len(k.Exclusive) > 0 {
		n := 0
		for _, s := range k.split(v) {
			if slices.Contains(k.Exclusive, strings.TrimSpace(s)) {
				n++
			}
		}
		if n > 1 {
			return val, fmt.Errorf("%q may hold only one of %s", v, strings.Join(k.Exclusive, ", "))
		}
	}
	switch k.Kind {
	case List:
		for i, s := range k.split(v) {
			s = strings.TrimSpace(s)
			if k.Range != "" && k.Elem == Int && strings.Contains(s, k.Range) {
				if err := k.parseRange(s); err != nil {
					return val, fmt.Errorf("element %d: %v", i+1, err)
				}
			} else if _, err := parseScalar(k.Elem, k.Bits, s); err != nil {
				return val, fmt.Errorf("element %d: %v", i+1, err)
			}
			val.List = append(val.List, s)
		}
		return val, nil
	case Map:
		for _, s := range k.split(v) {
			s = strings.TrimSpace(s)
			if kv := strings.Split(s, "="); len(kv) != 2 {
				return val, fmt.Errorf("%q is not key=value", s)
			}
			val.List = append(val.List, s)
		}
		return val, nil
	case Query:
		if _, err := url.ParseQuery(v); err != nil {
			return val, fmt.Errorf("%q is not a URL query (a=1&b=2): %v", v, err)
		}
		return val, nil
	}
	return parseScalar(k.Kind, k.Bits, v)
}

func (k *Key) split(v string) []string {
	sep := k.Separator
	if sep == "" {
		sep = ","
	}
	return strings.Split(v, sep)
}

// parseRange checks start-end as setConfigValueRange does (without
// expanding it, which KEDA does element by element).
func (k *Key) parseRange(s string) error {
	p := strings.Split(s, k.Range)
	if len(p) != 2 {
		return fmt.Errorf("%q is not start%send", s, k.Range)
	}
	for _, x := range p {
		if _, err := parseScalar(Int, k.Bits, x); err != nil {
			return err
		}
	}
	return nil
}

func parseScalar(kind Kind, bits int, v string) (Value, error) {
	val := Value{Raw: v}
	if bits == 0 {
		bits = 64
	}
	switch kind {
	case Int:
		// KEDA decodes numbers with json.Unmarshal: no "+", no "1.0", no
		// "1e3" for an integer, no quotes. "null" would leave KEDA's field
		// unset through an interface it then dereferences.
		var n int64
		if v == "null" || json.Unmarshal([]byte(v), &n) != nil {
			return val, fmt.Errorf("%q is not a whole number", v)
		}
		if bits < 64 && (n > 1<<(bits-1)-1 || n < -1<<(bits-1)) {
			return val, fmt.Errorf("%d is out of range for a %d-bit integer", n, bits)
		}
		val.Int = n
	case Uint:
		var n uint64
		if v == "null" || json.Unmarshal([]byte(v), &n) != nil {
			return val, fmt.Errorf("%q is not a whole number of zero or more", v)
		}
		if bits < 64 && n > 1<<bits-1 {
			return val, fmt.Errorf("%d is out of range for a %d-bit integer", n, bits)
		}
		val.Uint = n
	case Float:
		var f float64
		if v == "null" || json.Unmarshal([]byte(v), &f) != nil {
			return val, fmt.Errorf("%q is not a number", v)
		}
		if bits == 32 && math.Abs(f) > math.MaxFloat32 {
			return val, fmt.Errorf("%s is out of range for a 32-bit number", v)
		}
		val.Float = f
	case Bool:
		b, err := strconv.ParseBool(v)
		if err != nil {
			return val, fmt.Errorf("%q is not true or false", v)
		}
		val.Bool = b
	case Duration:
		// A duration string first, else whole milliseconds; never negative.
		d, err := time.ParseDuration(v)
		if err != nil {
			ms, merr := strconv.ParseInt(v, 10, 64)
			if merr != nil {
				return val, fmt.Errorf("%q is not a duration (30s, 5m) or a number of milliseconds", v)
			}
			d = time.Duration(ms) * time.Millisecond
		}
		if d < 0 {
			return val, fmt.Errorf("%q is negative; a duration cannot be", v)
		}
		val.Duration = d
	}
	return val, nil
}

// kindWords names a kind in messages about a key's type.
func (k *Key) kindWords() string {
	switch k.Kind {
	case Int, Uint:
		return "a whole number"
	case Float:
		return "a number"
	case Bool:
		return "true or false"
	case Duration:
		return "a duration"
	case List:
		return "a comma-separated list"
	case Map:
		return "key=value pairs"
	case Query:
		return "a URL query"
	}
	return "a string"
}
