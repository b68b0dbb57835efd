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
	"strconv"
	"strings"
	"sync"
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

// Schema is a compiled schema: its root and the $defs it references (by
// index, so that generated code can lay a schema out as static data; see
// GoSource).
type Schema struct {
	Root *Node
	Defs []*Node
}

// Node is one compiled (sub)schema. Its fields are exported for the code
// GoSource writes; build one with Compile.
type Node struct {
	Bool     int8 // a boolean schema: 1 true, 2 false; 0 otherwise
	Types    []string
	Const    any
	HasConst bool
	Enum     []any
	Required []string
	Props    []Prop // sorted by name
	// Addl is additionalProperties; PropNames, Items, If, Then and Not the
	// keywords of those names.
	Addl, PropNames, Items, If, Then, Not *Node
	// -1 when absent.
	MinItems, MinLength, MaxLength, MaxProps int
	Minimum, Maximum, ExclMin                float64
	HasMinimum, HasMaximum, HasExclMin       bool
	Pattern                                  string
	Ref                                      int // index into Defs, -1 for none

	reOnce sync.Once
	re     *regexp.Regexp
}

// Prop is a named property's schema.
type Prop struct {
	Name string
	Node *Node
}

func (n *Node) prop(name string) *Node {
	i := sort.Search(len(n.Props), func(i int) bool { return n.Props[i].Name >= name })
	if i < len(n.Props) && n.Props[i].Name == name {
		return n.Props[i].Node
	}
	return nil
}

// regexp compiles the pattern on first use (Compile has checked it).
func (n *Node) regexp() *regexp.Regexp {
	n.reOnce.Do(func() { n.re = regexp.MustCompile(n.Pattern) })
	return n.re
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
	c := &compiler{index: map[string]int{}}
	defs, _ := doc["$defs"].(map[string]any)
	names := slices.Sorted(mapKeys(defs))
	for i, name := range names {
		c.index[name] = i
	}
	s := &Schema{Defs: make([]*Node, len(names))}
	for i, name := range names {
		n, err := c.compile(defs[name], "#/$defs/"+name)
		if err != nil {
			return nil, err
		}
		s.Defs[i] = n
	}
	root, err := c.compile(doc, "#")
	if err != nil {
		return nil, err
	}
	s.Root = root
	return s, nil
}

type compiler struct{ index map[string]int }

func (c *compiler) compile(v any, at string) (*Node, error) {
	if b, ok := v.(bool); ok {
		n := &Node{Bool: 2, Ref: -1, MinItems: -1, MinLength: -1, MaxLength: -1, MaxProps: -1}
		if b {
			n.Bool = 1
		}
		return n, nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s: a schema must be an object or a boolean", at)
	}
	n := &Node{Ref: -1, MinItems: -1, MinLength: -1, MaxLength: -1, MaxProps: -1}
	for _, k := range slices.Sorted(mapKeys(m)) {
		v := m[k]
		var err error
		switch k {
		case "type":
			switch t := v.(type) {
			case string:
				n.Types = []string{t}
			case []any:
				for _, x := range t {
					n.Types = append(n.Types, fmt.Sprint(x))
				}
			}
		case "const":
			n.Const, n.HasConst = plain(v), true
		case "enum":
			for _, x := range v.([]any) {
				n.Enum = append(n.Enum, plain(x))
			}
		case "required":
			for _, x := range v.([]any) {
				n.Required = append(n.Required, x.(string))
			}
		case "properties":
			props := v.(map[string]any)
			for _, name := range slices.Sorted(mapKeys(props)) {
				sub, err := c.compile(props[name], at+"/properties/"+name)
				if err != nil {
					return nil, err
				}
				n.Props = append(n.Props, Prop{name, sub})
			}
		case "additionalProperties":
			n.Addl, err = c.compile(v, at+"/additionalProperties")
		case "propertyNames":
			n.PropNames, err = c.compile(v, at+"/propertyNames")
		case "items":
			n.Items, err = c.compile(v, at+"/items")
		case "if":
			n.If, err = c.compile(v, at+"/if")
		case "then":
			n.Then, err = c.compile(v, at+"/then")
		case "not":
			n.Not, err = c.compile(v, at+"/not")
		case "minItems":
			n.MinItems = int(number(v))
		case "minLength":
			n.MinLength = int(number(v))
		case "maxLength":
			n.MaxLength = int(number(v))
		case "maxProperties":
			n.MaxProps = int(number(v))
		case "minimum":
			n.Minimum, n.HasMinimum = number(v), true
		case "maximum":
			n.Maximum, n.HasMaximum = number(v), true
		case "exclusiveMinimum":
			n.ExclMin, n.HasExclMin = number(v), true
		case "pattern":
			n.Pattern = v.(string)
			_, err = regexp.Compile(n.Pattern)
		case "$ref":
			ref := v.(string)
			name, ok := strings.CutPrefix(ref, "#/$defs/")
			i, known := c.index[name]
			if !ok || !known {
				return nil, fmt.Errorf("%s: $ref %q: only #/$defs/NAME references are supported", at, ref)
			}
			n.Ref = i
		default:
			if !annotations[k] {
				return nil, fmt.Errorf("%s: keyword %q is not supported by minischema: add it (and its differential test) first", at, k)
			}
		}
		if err != nil {
			return nil, err
		}
	}
	if n.Then != nil && n.If == nil {
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
	v := validator{s: s}
	v.validate(s.Root, doc, nil)
	return v.errs
}

type validator struct {
	s    *Schema
	errs []Error
}

func (v *validator) fail(e Error) { v.errs = append(v.errs, e) }

// valid reports whether doc passes n, without recording anything (if, not).
func (v *validator) valid(n *Node, doc any) bool {
	sub := validator{s: v.s}
	sub.validate(n, doc, nil)
	return len(sub.errs) == 0
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

func (v *validator) validate(n *Node, doc any, path []string) {
	if n.Bool != 0 {
		if n.Bool == 2 {
			v.fail(Error{Path: path, Kind: False, Got: doc})
		}
		return
	}
	t := jsonType(doc)
	// type, const and enum stop at their first failure, as the library's do.
	if len(n.Types) > 0 && !typeMatches(n.Types, t) {
		got := t
		if _, isFloat := doc.(float64); isFloat && got == "integer" {
			got = "number" // as the library names a whole float
		}
		v.fail(Error{Path: path, Kind: Type, Types: n.Types, Got: got})
		return
	}
	if n.HasConst && !equal(doc, n.Const) {
		v.fail(Error{Path: path, Kind: Const, Value: n.Const, Got: doc})
		return
	}
	if n.Enum != nil && !slices.ContainsFunc(n.Enum, func(e any) bool { return equal(doc, e) }) {
		v.fail(Error{Path: path, Kind: Enum, Values: n.Enum, Got: doc})
		return
	}
	if n.Ref >= 0 {
		v.validate(v.s.Defs[n.Ref], doc, path)
	}
	switch x := doc.(type) {
	case string:
		count := utf8.RuneCountInString(x)
		if n.MinLength >= 0 && count < n.MinLength {
			v.fail(Error{Path: path, Kind: MinLength, Limit: float64(n.MinLength), Got: x})
		}
		if n.MaxLength >= 0 && count > n.MaxLength {
			v.fail(Error{Path: path, Kind: MaxLength, Limit: float64(n.MaxLength), Got: x})
		}
		if n.Pattern != "" && !n.regexp().MatchString(x) {
			v.fail(Error{Path: path, Kind: Pattern, Pattern: n.Pattern, Got: x})
		}
	case []any:
		if n.MinItems >= 0 && len(x) < n.MinItems {
			v.fail(Error{Path: path, Kind: MinItems, Limit: float64(n.MinItems)})
		}
		if n.Items != nil {
			for i, item := range x {
				v.validate(n.Items, item, appendPath(path, strconv.Itoa(i)))
			}
		}
	case map[string]any:
		v.object(n, x, path)
	default:
		if f, ok := toFloat(doc); ok {
			if n.HasMinimum && f < n.Minimum {
				v.fail(Error{Path: path, Kind: Minimum, Limit: n.Minimum, Got: doc})
			}
			if n.HasMaximum && f > n.Maximum {
				v.fail(Error{Path: path, Kind: Maximum, Limit: n.Maximum, Got: doc})
			}
			if n.HasExclMin && f <= n.ExclMin {
				v.fail(Error{Path: path, Kind: ExclusiveMinimum, Limit: n.ExclMin, Got: doc})
			}
		}
	}
	if n.Not != nil && v.valid(n.Not, doc) {
		v.fail(Error{Path: path, Kind: Not, Got: doc})
	}
	if n.If != nil && n.Then != nil && v.valid(n.If, doc) {
		v.validate(n.Then, doc, path)
	}
}

func (v *validator) object(n *Node, x map[string]any, path []string) {
	if n.MaxProps >= 0 && len(x) > n.MaxProps {
		v.fail(Error{Path: path, Kind: MaxProperties, Limit: float64(n.MaxProps)})
	}
	var missing []string
	for _, r := range n.Required {
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
	if n.PropNames != nil {
		for _, k := range keys {
			sub := validator{s: v.s}
			sub.validate(n.PropNames, k, nil)
			if len(sub.errs) > 0 {
				v.fail(Error{Path: appendPath(path, k), Kind: PropertyNames, Property: k, Cause: &sub.errs[0]})
			}
		}
	}
	for _, p := range n.Props {
		if val, ok := x[p.Name]; ok {
			v.validate(p.Node, val, appendPath(path, p.Name))
		}
	}
	if n.Addl == nil {
		return
	}
	var extra []string
	for _, k := range keys {
		if n.prop(k) == nil {
			extra = append(extra, k)
		}
	}
	if len(extra) == 0 {
		return
	}
	if n.Addl.Bool == 2 {
		known := make([]string, len(n.Props))
		for i, p := range n.Props {
			known[i] = p.Name
		}
		v.fail(Error{Path: path, Kind: AdditionalProperties, Props: extra, Known: known})
		return
	}
	for _, k := range extra {
		v.validate(n.Addl, x[k], appendPath(path, k))
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
