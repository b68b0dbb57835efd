package catalog

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/agentscale/agentscale/internal/suggest"
)

// Trigger is what one trigger gives KEDA.
type Trigger struct {
	Type       string
	MetricType string
	Metadata   map[string]string
	// Auth names the parameters a TriggerAuthentication supplies (their
	// values live in a Secret), and PodIdentity its identity provider.
	Auth        []string
	PodIdentity string
	// AuthUnknown is set when the TriggerAuthentication is not at hand
	// (lint of a manifest without it): any parameter KEDA may read from
	// one may be there.
	AuthUnknown bool
	// Env reports whether the scaled containers define a variable, for
	// <key>FromEnv; nil when that is not known.
	Env func(name string) bool
}

// Where says which part of a trigger a Problem is about.
type Where uint8

const (
	InType     Where = iota // the trigger's type
	InMetadata              // a metadata key (Key), or the metadata as a whole
	InAuth                  // an authentication parameter (Key)
	InMetricType
)

// Problem is one thing KEDA would refuse, or silently ignore.
type Problem struct {
	Where Where
	// Key is the metadata key or authentication parameter as written; ""
	// for the metadata as a whole (a missing key).
	Key string
	// AtKey is set when the key itself is wrong (unknown, misplaced) rather
	// than its value.
	AtKey bool
	Msg   string
}

// Config is a trigger as its scaler reads it: each key's value from
// metadata, or its default. Values supplied by authentication parameters
// or the environment are not known before the cluster runs.
type Config struct {
	Scaler      *Scaler
	values      map[string]Value  // by key name: metadata values and defaults
	from        map[string]Source // by key name: where the user set it
	authUnknown bool
}

// Read checks t as KEDA reads it and returns its values. The Config is
// nil when the type is unknown.
func Read(t Trigger) (*Config, []Problem) {
	s := Lookup(t.Type)
	if s == nil {
		return nil, []Problem{{Where: InType, Msg: unknownType(t.Type)}}
	}
	r := reader{s: s, t: t, c: &Config{Scaler: s, values: map[string]Value{}, from: map[string]Source{}, authUnknown: t.AuthUnknown}}
	r.metadata()
	r.auth()
	r.keys()
	if p := metricTypeRule(t); p != nil {
		r.add(*p)
	}
	if rule := rules[s.Type]; rule != nil {
		rule(r.c, t, r.add)
	}
	return r.c, r.problems
}

// Check returns the problems of t.
func Check(t Trigger) []Problem {
	_, p := Read(t)
	return p
}

func unknownType(t string) string {
	if t == "" {
		return "a trigger needs a type"
	}
	hint := suggest.DidYouMean(t, Types())
	if hint == "" {
		switch like := suggest.Containing(t, Types(), 5); len(like) {
		case 0:
		case 1:
			hint = fmt.Sprintf(" (did you mean %q?)", like[0])
		default:
			hint = " (did you mean one of " + strings.Join(quoteAll(like), ", ") + "?)"
		}
	}
	return fmt.Sprintf("KEDA %s has no %q scaler%s", KEDAVersion, t, hint)
}

func quoteAll(l []string) []string {
	out := make([]string, len(l))
	for i, s := range l {
		out[i] = strconv.Quote(s)
	}
	return out
}

type reader struct {
	s        *Scaler
	t        Trigger
	c        *Config
	problems []Problem
}

func (r *reader) add(p Problem) { r.problems = append(r.problems, p) }

func (r *reader) metadata() {
	for _, name := range slices.Sorted(maps.Keys(r.t.Metadata)) {
		if r.s.Open {
			continue
		}
		if k := r.s.Key(name); k != nil {
			if k.From&Metadata == 0 {
				r.add(Problem{Where: InMetadata, Key: name, AtKey: true, Msg: onlyFrom(k, Metadata)})
				continue
			}
			r.c.from[k.Name] |= Metadata
			continue
		}
		if base, ok := strings.CutSuffix(name, "FromEnv"); ok {
			if k := r.s.Key(base); k != nil && k.From&Env != 0 {
				r.c.from[k.Name] |= Env
				if v := strings.TrimSpace(r.t.Metadata[name]); v != "" && r.t.Env != nil && !r.t.Env(v) {
					r.add(Problem{Where: InMetadata, Key: name, Msg: fmt.Sprintf("no container defines environment variable %q, from which KEDA reads %s", v, k.Name)})
				}
				continue
			}
		}
		if slices.Contains(r.s.CodeKeys, name) {
			continue
		}
		r.add(Problem{Where: InMetadata, Key: name, AtKey: true, Msg: r.unknown(name, Metadata)})
	}
}

func (r *reader) auth() {
	for _, name := range slices.Sorted(slices.Values(r.t.Auth)) {
		if r.s.Open {
			continue
		}
		if k := r.s.Key(name); k != nil {
			if k.From&Auth == 0 {
				r.add(Problem{Where: InAuth, Key: name, AtKey: true, Msg: onlyFrom(k, Auth)})
				continue
			}
			r.c.from[k.Name] |= Auth
			continue
		}
		if slices.Contains(r.s.CodeAuthKeys, name) {
			continue
		}
		r.add(Problem{Where: InAuth, Key: name, AtKey: true, Msg: r.unknown(name, Auth)})
	}
}

// unknown says that KEDA ignores a key, and what was probably meant: a key
// of this scaler, in either place.
func (r *reader) unknown(name string, where Source) string {
	place := "trigger metadata"
	if where == Auth {
		place = "authentication parameters"
	}
	msg := fmt.Sprintf("KEDA's %s scaler reads no %q from %s, and ignores it", r.s.Type, name, place)
	if c := suggest.Closest(name, r.s.names(where)); c != "" {
		return msg + fmt.Sprintf(`: did you mean %q?`, c)
	}
	other := Auth
	if where == Auth {
		other = Metadata
	}
	if c := suggest.Closest(name, r.s.names(other)); c != "" {
		return msg + fmt.Sprintf(`: did you mean %q (%s)?`, c, sourceWords(r.s.Key(c), other))
	}
	return msg
}

func sourceWords(k *Key, s Source) string {
	if s == Auth {
		return "an authentication parameter: auth.params"
	}
	if k != nil && k.From&Metadata == 0 {
		return "metadata " + k.Name + "FromEnv"
	}
	return "in metadata"
}

// onlyFrom explains that KEDA reads k only from elsewhere than where.
func onlyFrom(k *Key, where Source) string {
	switch {
	case where == Metadata && k.From&Auth != 0:
		return fmt.Sprintf("KEDA reads %q only from authentication parameters, not from metadata: put the value in a Secret and name it in auth.params (auth: {secret: NAME, params: {%s: KEY}})", k.Name, k.Name)
	case where == Metadata:
		return fmt.Sprintf("KEDA reads %q only from the environment: set %sFromEnv to the name of a container variable", k.Name, k.Name)
	case k.From&Metadata != 0:
		return fmt.Sprintf("KEDA reads %q only from trigger metadata, not from authentication parameters: move it to metadata", k.Name)
	}
	return fmt.Sprintf("KEDA reads %q only from the environment, not from authentication parameters: set metadata %sFromEnv to the name of a container variable", k.Name, k.Name)
}

// keys parses each key's metadata value (or default) and reports required
// keys that nothing supplies.
func (r *reader) keys() {
	if r.s.Open {
		return
	}
	var missing []*Key
	for i := range r.s.Keys {
		k := &r.s.Keys[i]
		if k.pattern() {
			continue
		}
		name, raw, set := r.value(k)
		elsewhere := r.c.from[k.Name]&^Metadata != 0 || r.t.AuthUnknown && k.From&Auth != 0 // a Secret or the environment
		switch {
		case k.Deprecated != "" && (set || r.c.from[k.Name]&Auth != 0):
			p := Problem{Where: InMetadata, Key: name, AtKey: true, Msg: "KEDA refuses this key now: " + k.Deprecated}
			if !set {
				p.Where, p.Key = InAuth, k.Name
			}
			r.add(p)
		case set:
			v, err := k.Parse(raw)
			if err != nil {
				msg := err.Error()
				if len(k.Enum) > 0 && !strings.Contains(raw, ",") {
					msg += suggest.DidYouMean(raw, k.Enum)
				}
				r.add(Problem{Where: InMetadata, Key: name, Msg: msg})
				continue
			}
			r.c.values[k.Name] = v
		case elsewhere:
		case k.HasDefault:
			if v, err := k.Parse(k.Default); err == nil {
				r.c.values[k.Name] = v
			}
		case !k.Required:
		case name != "":
			r.add(Problem{Where: InMetadata, Key: name, Msg: fmt.Sprintf("%s is empty: KEDA takes an empty value as absent, and needs this one", k.Name)})
		default:
			missing = append(missing, k)
		}
	}
	// One problem per way of supplying them: "needs "end" and "timezone"".
	for len(missing) > 0 {
		how := supply(missing[0])
		var names []string
		rest := missing[:0]
		for _, k := range missing {
			if supply(k) == how {
				names = append(names, quoted(k))
			} else {
				rest = append(rest, k)
			}
		}
		missing = rest
		msg := fmt.Sprintf("%s %s trigger needs %s%s", Article(r.s.Type), r.s.Type, joinAnd(names), how)
		if len(names) > 1 {
			msg = strings.Replace(msg, ": put it ", ": put them ", 1)
		}
		r.add(Problem{Where: InMetadata, Msg: msg})
	}
}

// Article is "a" or "an" before a trigger type.
func Article(t string) string {
	if t != "" && strings.ContainsRune("aeio", rune(t[0])) {
		return "an"
	}
	return "a"
}

func joinAnd(l []string) string {
	if len(l) == 1 {
		return l[0]
	}
	return strings.Join(l[:len(l)-1], ", ") + " and " + l[len(l)-1]
}

// value finds k in the metadata under its names, as configParamValue does:
// the first name whose trimmed value is not empty. name is the name found
// even when its value is empty.
func (r *reader) value(k *Key) (name, raw string, set bool) {
	if k.From&Metadata == 0 {
		return "", "", false
	}
	for _, n := range append([]string{k.Name}, k.Aliases...) {
		v, ok := r.t.Metadata[n]
		if !ok {
			continue
		}
		if v = strings.TrimSpace(v); v != "" {
			return n, v, true
		}
		if name == "" {
			name = n
		}
	}
	return name, "", false
}

func quoted(k *Key) string {
	s := fmt.Sprintf("%q", k.Name)
	for _, a := range k.Aliases {
		s += fmt.Sprintf(" (or %q)", a)
	}
	return s
}

// supply says where a missing key may come from.
func supply(k *Key) string {
	var w []string
	if k.From&Metadata != 0 {
		w = append(w, "put it in metadata")
	}
	if k.From&Env != 0 {
		w = append(w, fmt.Sprintf("name a container variable in %sFromEnv", k.Name))
	}
	if k.From&Auth != 0 {
		w = append(w, "name a Secret key in auth.params")
	}
	switch len(w) {
	case 0:
		return ""
	case 1:
		return ": " + w[0]
	}
	return ": " + strings.Join(w[:len(w)-1], ", ") + " or " + w[len(w)-1]
}

// Value returns key name's value: the metadata's, or the default. ok is
// false when neither is there (the key is absent, or comes from a Secret
// or the environment).
func (c *Config) Value(name string) (Value, bool) {
	v, ok := c.values[name]
	return v, ok
}

// Float returns a numeric key's value, or def when it has none.
func (c *Config) Float(name string, def float64) float64 {
	v, ok := c.values[name]
	if !ok {
		return def
	}
	k := c.Scaler.Key(name)
	switch k.Kind {
	case Int:
		return float64(v.Int)
	case Uint:
		return float64(v.Uint)
	}
	return v.Float
}

// Bool returns a boolean key's value, or def.
func (c *Config) Bool(name string, def bool) bool {
	if v, ok := c.values[name]; ok {
		return v.Bool
	}
	return def
}

// String returns a key's raw value (trimmed), or "".
func (c *Config) String(name string) string { return c.values[name].Raw }

// Set reports where the user gave key name (0 when only a default or
// nothing applies).
func (c *Config) Set(name string) Source { return c.from[name] }
