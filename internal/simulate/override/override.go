package override

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	kjson "sigs.k8s.io/json"

	"github.com/agentscale/agentscale/internal/spec"
	"github.com/agentscale/agentscale/internal/suggest"
	"github.com/agentscale/agentscale/internal/yamlpos"
)

// Set is one parsed --set.
type Set struct {
	Key   string
	Value any // decoded YAML; nil removes the field
	raw   string
	path  []segment
	// flag is how the user wrote it, when not as --set KEY=VALUE.
	flag string
}

func (s Set) String() string {
	if s.flag != "" {
		return s.flag
	}
	return "--set " + s.Key + "=" + s.raw
}

type segment struct {
	key   string
	index int // -1: a key, not an index
}

// Error is a --set that cannot be applied; the command reports it as a
// usage error (exit 2).
type Error struct {
	Set string
	Msg string
	// Invalid is set when the set applied but the resulting swarm fails
	// validation (a maximum below the minimum), not when the key or the
	// value is wrong.
	Invalid bool
}

func (e *Error) Error() string {
	if strings.HasPrefix(e.Set, "--") {
		return e.Set + ": " + e.Msg
	}
	return "--set " + e.Set + ": " + e.Msg
}

var segmentRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^([^.\[\]]+)((?:\[[0-9]+\])*)$`) })

// Parse reads KEY=VALUE.
func Parse(arg string) (Set, error) {
	key, raw, ok := strings.Cut(arg, "=")
	if !ok || key == "" {
		return Set{}, &Error{Set: arg, Msg: "want KEY=VALUE, e.g. scout.scaling.keda.triggers[0].metadata.lagThreshold=200"}
	}
	s := Set{Key: key, raw: raw}
	for _, part := range strings.Split(key, ".") {
		m := segmentRE().FindStringSubmatch(part)
		if m == nil {
			return Set{}, &Error{Set: arg, Msg: fmt.Sprintf("%q is not a field name with optional [index]", part)}
		}
		s.path = append(s.path, segment{key: m[1], index: -1})
		for _, ix := range strings.Split(strings.Trim(m[2], "[]"), "][") {
			if ix == "" {
				continue
			}
			n, err := strconv.Atoi(ix)
			if err != nil || n > 1<<20 {
				return Set{}, &Error{Set: arg, Msg: fmt.Sprintf("index [%s] is too large", ix)}
			}
			s.path = append(s.path, segment{index: n})
		}
	}
	if len(s.path) < 2 {
		return Set{}, &Error{Set: arg, Msg: "name a field: ROLE.FIELD, nodePools.NAME.FIELD, headroom.FIELD or cluster.CONTROLLER.FIELD"}
	}
	v, errs := yamlpos.ParseOne(yamlpos.Origin{}, []byte(raw), yamlpos.Default)
	if len(errs) > 0 {
		return Set{}, &Error{Set: arg, Msg: "value is not a YAML value: " + strings.TrimPrefix(errs[0].Msg, "invalid YAML: ")}
	}
	s.Value = yamlpos.Plain(v)
	return s, nil
}

// Apply returns a copy of s with the sets applied, in order, and
// validated. s itself is not changed, so one loaded swarm can serve a sweep.
func Apply(s *spec.Swarm, sets []Set) (*spec.Swarm, error) {
	if len(sets) == 0 {
		return s, nil
	}
	c := *s
	c.Spec.Roles = append([]spec.Role(nil), s.Spec.Roles...)
	c.Spec.NodePools = append([]spec.NodePool(nil), s.Spec.NodePools...)
	for _, set := range sets {
		if err := apply(&c, set); err != nil {
			return nil, err
		}
	}
	if errs := spec.Validate(&c); len(errs) > 0 {
		e := errs[0]
		msg := e.Msg
		if e.Path != "" {
			msg = e.Path + ": " + msg
		}
		return nil, &Error{Set: sets[len(sets)-1].String(), Msg: "the result is invalid: " + msg, Invalid: true}
	}
	return &c, nil
}

func apply(s *spec.Swarm, set Set) error {
	head, rest := set.path[0], set.path[1:]
	fail := func(msg string) error { return &Error{Set: set.String(), Msg: msg} }
	switch {
	case head.key == "nodePools":
		if rest[0].index >= 0 || len(rest) < 2 {
			return fail("name the pool: nodePools.NAME.FIELD")
		}
		for i := range s.Spec.NodePools {
			if s.Spec.NodePools[i].Name == rest[0].key {
				return patch(&s.Spec.NodePools[i], rest[1:], set)
			}
		}
		return fail(fmt.Sprintf("no node pool %q", rest[0].key))
	case head.key == "cluster":
		var cl spec.Cluster
		if s.Spec.Cluster != nil {
			cl = *s.Spec.Cluster
		}
		s.Spec.Cluster = &cl
		return patch(s.Spec.Cluster, rest, set)
	case head.key == "headroom":
		if s.Spec.Headroom == nil {
			return fail("the swarm has no headroom block")
		}
		h := *s.Spec.Headroom
		s.Spec.Headroom = &h
		return patch(s.Spec.Headroom, rest, set)
	}
	if head.index >= 0 {
		return fail("start with a role name")
	}
	_, i := s.Spec.Role(head.key)
	if i < 0 {
		names := make([]string, len(s.Spec.Roles))
		for j, r := range s.Spec.Roles {
			names[j] = r.Name
		}
		if c := suggest.Closest(head.key, names); c != "" {
			return fail(fmt.Sprintf("no role %q (did you mean %q?)", head.key, c))
		}
		return fail(fmt.Sprintf("no role %q (roles: %s; or nodePools.NAME, headroom, cluster)", head.key, strings.Join(names, ", ")))
	}
	return patch(&s.Spec.Roles[i], rest, set)
}

// patch sets the field at path inside obj (a pointer to a spec struct)
// through its JSON form, then decodes it back strictly into a new value.
func patch[T any](obj *T, path []segment, set Set) error {
	fail := func(msg string) error { return &Error{Set: set.String(), Msg: msg} }
	data, err := json.Marshal(obj)
	if err != nil {
		return fail(err.Error())
	}
	var doc any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return fail(err.Error())
	}
	doc, err = setPath(doc, path, set.Value, "")
	if err != nil {
		return fail(err.Error())
	}
	if data, err = json.Marshal(doc); err != nil {
		return fail(err.Error())
	}
	var out T
	strict, err := kjson.UnmarshalStrict(data, &out)
	if err != nil {
		// In the file's words: "replicas.min: must be an integer, not a
		// string", not the decoder's Go type names.
		if field, msg, ok := yamlpos.TypeError(err); ok {
			return fail(field + ": " + msg)
		}
		return fail(strings.TrimPrefix(err.Error(), "json: "))
	}
	if len(strict) > 0 {
		return fail(strict[0].Error())
	}
	*obj = out
	return nil
}

func setPath(node any, path []segment, value any, at string) (any, error) {
	if len(path) == 0 {
		return value, nil
	}
	seg := path[0]
	if seg.index >= 0 {
		list, ok := node.([]any)
		if !ok {
			return nil, fmt.Errorf("%s is not a list", where(at))
		}
		if seg.index >= len(list) {
			return nil, fmt.Errorf("%s has %d items; [%d] is out of range", where(at), len(list), seg.index)
		}
		list = append([]any(nil), list...)
		v, err := setPath(list[seg.index], path[1:], value, fmt.Sprintf("%s[%d]", at, seg.index))
		list[seg.index] = v
		return list, err
	}
	var m map[string]any
	switch n := node.(type) {
	case map[string]any:
		m = n
	case nil:
		m = map[string]any{}
	default:
		return nil, fmt.Errorf("%s is %s, not a mapping", where(at), describe(n))
	}
	child := joinKey(at, seg.key)
	v, err := setPath(m[seg.key], path[1:], value, child)
	if err != nil {
		return nil, err
	}
	if v == nil && len(path) == 1 {
		delete(m, seg.key)
	} else {
		m[seg.key] = v
	}
	return m, nil
}

func joinKey(at, key string) string {
	if at == "" {
		return key
	}
	return at + "." + key
}

func where(at string) string {
	if at == "" {
		return "the object"
	}
	return at
}

func describe(v any) string {
	switch v.(type) {
	case []any:
		return "a list"
	case string:
		return "a string"
	case bool:
		return "true or false"
	}
	return "a number"
}
