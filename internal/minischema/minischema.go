// Package minischema validates documents against the subset of JSON Schema
// (draft 2020-12) that agentscale's own swarm schema uses, and refuses to
// compile a schema that uses more.
//
// Why not the JSON Schema library: santhosh-tekuri/jsonschema/v6 compiles
// every draft's metaschema in its package init (about 6 ms, in every
// process of a CLI whose pre-commit hook must take under 10 ms) and the
// swarm schema against the metaschema on first use (another 6 ms). The
// library stays the reference: a differential test and a fuzz target hold
// this package to its verdicts on every document, and a test validates the
// schema against the draft 2020-12 metaschema with it.
package minischema

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// Kind names the keyword a document failed.
type Kind string

const (
	Type                 Kind = "type"
	Const                Kind = "const"
	Enum                 Kind = "enum"
	Required             Kind = "required"
	AdditionalProperties Kind = "additionalProperties"
	False                Kind = "false" // a false schema (additionalProperties: false as a schema)
	Minimum              Kind = "minimum"
	Maximum              Kind = "maximum"
	ExclusiveMinimum     Kind = "exclusiveMinimum"
	MinLength            Kind = "minLength"
	MaxLength            Kind = "maxLength"
	Pattern              Kind = "pattern"
	MinItems             Kind = "minItems"
	MaxProperties        Kind = "maxProperties"
	Not                  Kind = "not"
	PropertyNames        Kind = "propertyNames"
)

// Error is one failure at a leaf: the keyword that failed and the values
// it compared.
type Error struct {
	// Path is the instance location as tokens (keys and list indices).
	Path []string
	Kind Kind
	// Types (Type), Values (Enum), Value (Const), Props (Required: the
	// missing ones; AdditionalProperties: the unknown ones), Known (the
	// properties the schema names, for suggestions), Limit (numbers and
	// lengths), Pattern, Got (the instance value).
	Types   []string
	Values  []any
	Value   any
	Props   []string
	Known   []string
	Limit   float64
	Pattern string
	Got     any
	// Property and Cause are a propertyNames failure: the key, and how it
	// failed the name schema.
	Property string
	Cause    *Error
}

// Schema is a compiled schema.
type Schema struct {
	root *node
}

type node struct {
	boolean   *bool // a boolean schema
	types     []string
	constVal  any
	hasConst  bool
	enum      []any
	required  []string
	props     map[string]*node
	propOrder []string
	addl      *node // additionalProperties
	propNames *node
	items     *node
	minItems  *int
	minimum   *float64
	maximum   *float64
	exclMin   *float64
	minLength *int
	maxLength *int
	pattern   *regexp.Regexp
	maxProps  *int
	ref       string
	refNode   *node
	ifNode    *node
	thenNode  *node
	not       *node
}

// annotations are keywords that do not validate.
var annotations = map[string]bool{"$schema": true, "$id": true, "$defs": true, "title": true, "description": true,
	"default": true, "examples": true, "$comment": true, "deprecated": true, "readOnly": true, "writeOnly": true}

// Compile reads a schema. Keywords outside the supported subset, and
// references other than "#/$defs/NAME", are errors.
func Compile(data []byte) (*Schema, error) {
	var doc map[string]any
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	c := &compiler{defs: map[string]*node{}}
	if d, ok := doc["$defs"].(map[string]any); ok {
		for name := range d {
			c.defs[name] = &node{}
		}
		for name, v := range d {
			n, err := c.compile(v, "#/$defs/"+name)
			if err != nil {
				return nil, err
			}
			*c.defs[name] = *n
		}
	}
	root, err := c.compile(doc, "#")
	if err != nil {
		return nil, err
	}
	return &Schema{root: root}, nil
}

type compiler struct{ defs map[string]*node }

func (c *compiler) compile(v any, at string) (*node, error) {
	if b, ok := v.(bool); ok {
		return &node{boolean: &b}, nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s: a schema must be an object or a boolean", at)
	}
	n := &node{}
	for _, k := range slices.Sorted(mapKeys(m)) {
		v := m[k]
		var err error
		switch k {
		case "type":
			switch t := v.(type) {
			case string:
				n.types = []string{t}
			case []any:
				for _, x := range t {
					n.types = append(n.types, fmt.Sprint(x))
				}
			}
		case "const":
			n.constVal, n.hasConst = plain(v), true
		case "enum":
			for _, x := range v.([]any) {
				n.enum = append(n.enum, plain(x))
			}
		case "required":
			for _, x := range v.([]any) {
				n.required = append(n.required, x.(string))
			}
		case "properties":
			n.props = map[string]*node{}
			for _, name := range slices.Sorted(mapKeys(v.(map[string]any))) {
				if n.props[name], err = c.compile(v.(map[string]any)[name], at+"/properties/"+name); err != nil {
					return nil, err
				}
				n.propOrder = append(n.propOrder, name)
			}
		case "additionalProperties":
			n.addl, err = c.compile(v, at+"/additionalProperties")
		case "propertyNames":
			n.propNames, err = c.compile(v, at+"/propertyNames")
		case "items":
			n.items, err = c.compile(v, at+"/items")
		case "if":
			n.ifNode, err = c.compile(v, at+"/if")
		case "then":
			n.thenNode, err = c.compile(v, at+"/then")
		case "not":
			n.not, err = c.compile(v, at+"/not")
		case "minItems", "minLength", "maxLength", "maxProperties":
			i := int(number(v))
			switch k {
			case "minItems":
				n.minItems = &i
			case "minLength":
				n.minLength = &i
			case "maxLength":
				n.maxLength = &i
			default:
				n.maxProps = &i
			}
		case "minimum", "maximum", "exclusiveMinimum":
			f := number(v)
			switch k {
			case "minimum":
				n.minimum = &f
			case "maximum":
				n.maximum = &f
			default:
				n.exclMin = &f
			}
		case "pattern":
			n.pattern, err = regexp.Compile(v.(string))
		case "$ref":
			n.ref = v.(string)
			name, ok := strings.CutPrefix(n.ref, "#/$defs/")
			if n.refNode = c.defs[name]; !ok || n.refNode == nil {
				return nil, fmt.Errorf("%s: $ref %q: only #/$defs/NAME references are supported", at, n.ref)
			}
		default:
			if !annotations[k] {
				return nil, fmt.Errorf("%s: keyword %q is not supported by minischema: add it (and its differential test) first", at, k)
			}
		}
		if err != nil {
			return nil, err
		}
	}
	if n.thenNode != nil && n.ifNode == nil {
		return nil, fmt.Errorf("%s: then without if", at)
	}
	return n, nil
}

func mapKeys(m map[string]any) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func number(v any) float64 {
	if n, ok := v.(json.Number); ok {
		f, _ := n.Float64()
		return f
	}
	return 0
}

// plain turns json.Numbers into float64 for comparisons.
func plain(v any) any {
	switch x := v.(type) {
	case json.Number:
		f, _ := x.Float64()
		return f
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plain(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = plain(e)
		}
		return out
	}
	return v
}

// Validate checks doc (map[string]any, []any, string, bool, int64,
// float64, nil: what the YAML reader gives) and returns its failures in
// document order of the checks, nil when it is valid.
func (s *Schema) Validate(doc any) []Error {
	var v validator
	v.validate(s.root, doc, nil)
	return v.errs
}

type validator struct {
	errs []Error
}

func (v *validator) fail(e Error) { v.errs = append(v.errs, e) }

// valid reports whether doc passes n, without recording anything (if, not).
func valid(n *node, doc any) bool {
	var v validator
	v.validate(n, doc, nil)
	return len(v.errs) == 0
}

func jsonType(doc any) string {
	switch x := doc.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case int64, int, int32:
		return "integer"
	case float64:
		if x == math.Trunc(x) && !math.IsInf(x, 0) {
			return "integer"
		}
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "invalid"
}

func toFloat(doc any) (float64, bool) {
	switch x := doc.(type) {
	case int64:
		return float64(x), true
	case int:
		return float64(x), true
	case int32:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

func typeMatches(want []string, got string) bool {
	for _, t := range want {
		if t == got || t == "number" && got == "integer" {
			return true
		}
	}
	return false
}

func (v *validator) validate(n *node, doc any, path []string) {
	if n.boolean != nil {
		if !*n.boolean {
			v.fail(Error{Path: path, Kind: False, Got: doc})
		}
		return
	}
	t := jsonType(doc)
	// type, const and enum stop at their first failure, as the library's do.
	if len(n.types) > 0 && !typeMatches(n.types, t) {
		got := t
		if _, isFloat := doc.(float64); isFloat && got == "integer" {
			got = "number" // as the library names a whole float
		}
		v.fail(Error{Path: path, Kind: Type, Types: n.types, Got: got})
		return
	}
	if n.hasConst && !equal(doc, n.constVal) {
		v.fail(Error{Path: path, Kind: Const, Value: n.constVal, Got: doc})
		return
	}
	if n.enum != nil && !slices.ContainsFunc(n.enum, func(e any) bool { return equal(doc, e) }) {
		v.fail(Error{Path: path, Kind: Enum, Values: n.enum, Got: doc})
		return
	}
	if n.refNode != nil {
		v.validate(n.refNode, doc, path)
	}
	switch x := doc.(type) {
	case string:
		count := utf8.RuneCountInString(x)
		if n.minLength != nil && count < *n.minLength {
			v.fail(Error{Path: path, Kind: MinLength, Limit: float64(*n.minLength), Got: x})
		}
		if n.maxLength != nil && count > *n.maxLength {
			v.fail(Error{Path: path, Kind: MaxLength, Limit: float64(*n.maxLength), Got: x})
		}
		if n.pattern != nil && !n.pattern.MatchString(x) {
			v.fail(Error{Path: path, Kind: Pattern, Pattern: n.pattern.String(), Got: x})
		}
	case []any:
		if n.minItems != nil && len(x) < *n.minItems {
			v.fail(Error{Path: path, Kind: MinItems, Limit: float64(*n.minItems)})
		}
		if n.items != nil {
			for i, item := range x {
				v.validate(n.items, item, appendPath(path, fmt.Sprint(i)))
			}
		}
	case map[string]any:
		v.object(n, x, path)
	default:
		if f, ok := toFloat(doc); ok {
			if n.minimum != nil && f < *n.minimum {
				v.fail(Error{Path: path, Kind: Minimum, Limit: *n.minimum, Got: doc})
			}
			if n.maximum != nil && f > *n.maximum {
				v.fail(Error{Path: path, Kind: Maximum, Limit: *n.maximum, Got: doc})
			}
			if n.exclMin != nil && f <= *n.exclMin {
				v.fail(Error{Path: path, Kind: ExclusiveMinimum, Limit: *n.exclMin, Got: doc})
			}
		}
	}
	if n.not != nil && valid(n.not, doc) {
		v.fail(Error{Path: path, Kind: Not, Got: doc})
	}
	if n.ifNode != nil && n.thenNode != nil && valid(n.ifNode, doc) {
		v.validate(n.thenNode, doc, path)
	}
}

func (v *validator) object(n *node, x map[string]any, path []string) {
	if n.maxProps != nil && len(x) > *n.maxProps {
		v.fail(Error{Path: path, Kind: MaxProperties, Limit: float64(*n.maxProps)})
	}
	var missing []string
	for _, r := range n.required {
		if _, ok := x[r]; !ok {
			missing = append(missing, r)
		}
	}
	if len(missing) > 0 {
		v.fail(Error{Path: path, Kind: Required, Props: missing})
	}
	keys := make([]string, 0, len(x))
	for k := range x {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if n.propNames != nil {
		for _, k := range keys {
			var sub validator
			sub.validate(n.propNames, k, nil)
			if len(sub.errs) > 0 {
				v.fail(Error{Path: appendPath(path, k), Kind: PropertyNames, Property: k, Cause: &sub.errs[0]})
			}
		}
	}
	for _, k := range n.propOrder {
		if val, ok := x[k]; ok {
			v.validate(n.props[k], val, appendPath(path, k))
		}
	}
	if n.addl == nil {
		return
	}
	var extra []string
	for _, k := range keys {
		if _, named := n.props[k]; !named {
			extra = append(extra, k)
		}
	}
	if len(extra) == 0 {
		return
	}
	if b := n.addl.boolean; b != nil && !*b {
		v.fail(Error{Path: path, Kind: AdditionalProperties, Props: extra, Known: n.propOrder})
		return
	}
	for _, k := range extra {
		v.validate(n.addl, x[k], appendPath(path, k))
	}
}

func appendPath(path []string, tok string) []string {
	out := make([]string, len(path)+1)
	copy(out, path)
	out[len(path)] = tok
	return out
}

// equal is JSON equality: numbers by value.
func equal(a, b any) bool {
	if fa, ok := toFloat(a); ok {
		fb, ok := toFloat(b)
		return ok && fa == fb
	}
	switch x := a.(type) {
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !equal(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, xv := range x {
			yv, ok := y[k]
			if !ok || !equal(xv, yv) {
				return false
			}
		}
		return true
	}
	return a == b
}
