// Package catalog is KEDA's scaler catalogue, read from KEDA's own source
// (hack/kedacatalog, `make keda-catalog`): every trigger type KEDA's scaler
// builder accepts and, for each, the metadata keys its scaler declares with
// `keda:"..."` struct tags. Check reads a trigger as KEDA's TypedConfig
// does and says what KEDA would refuse, or silently ignore; Read gives the
// values to lint and simulate, so no other package parses trigger
// metadata.
//
// The data is Go source the linker lays out as static data: looking a
// scaler up costs no start-up time and no decoding.
package catalog

//go:generate go run ../../../hack/kedacatalog -o catalog_gen.go

import (
	"sort"
	"strings"
)

// Kind is how KEDA turns a value into its Go field (setConfigValueHelper
// in pkg/scalers/scalersconfig/typed_config.go).
type Kind uint8

const (
	String   Kind = iota // taken as it is
	Int                  // json.Unmarshal into an int type
	Uint                 // json.Unmarshal into an unsigned type
	Float                // json.Unmarshal into a float type
	Bool                 // strconv.ParseBool
	Duration             // time.ParseDuration, or whole milliseconds; never negative
	List                 // split at Separator (","), each element of Elem
	Map                  // split at Separator, each element key=value
	Query                // url.ParseQuery
)

// Source is where KEDA looks a key up (the tag's order).
type Source uint8

const (
	Metadata Source = 1 << iota // the trigger's metadata
	Auth                        // the TriggerAuthentication's parameters
	Env                         // metadata <key>FromEnv names a container variable
)

// Key is one parameter a scaler reads.
type Key struct {
	Name    string
	Aliases []string // further names KEDA accepts (name=a;b)
	Kind    Kind
	Elem    Kind // a List's elements
	Bits    int  // a numeric type's size when not 64
	// Default is the value KEDA uses when the key is absent (HasDefault).
	Default    string
	HasDefault bool
	Enum       []string
	Required   bool
	From       Source
	// Deprecated is KEDA's message for a key it refuses now.
	Deprecated string
	Separator  string   // a List's or Map's separator when not ","
	Range      string   // a List of integers may hold start<Range>end
	Exclusive  []string // at most one of these values in a list
}

// Scaler is one trigger type.
type Scaler struct {
	Type string
	// Source is the file of KEDA's source the keys come from, for messages.
	Source string
	// Open scalers hand every key to a server of the user's (external).
	Open bool
	// CodeKeys and CodeAuthKeys are keys KEDA reads in code, not through
	// tags (cloud credentials, endpoints): known, their values unchecked.
	CodeKeys     []string
	CodeAuthKeys []string
	Keys         []Key
}

// Lookup returns the scaler of trigger type t, or nil.
func Lookup(t string) *Scaler {
	i := sort.Search(len(scalers), func(i int) bool { return scalers[i].Type >= t })
	if i < len(scalers) && scalers[i].Type == t {
		return &scalers[i]
	}
	return nil
}

// Types lists every trigger type, sorted.
func Types() []string {
	out := make([]string, len(scalers))
	for i := range scalers {
		out[i] = scalers[i].Type
	}
	return out
}

// Key returns the key a metadata or authentication parameter name means:
// its name, one of its aliases, or a name a key's pattern ("query.*")
// covers.
func (s *Scaler) Key(name string) *Key {
	for i := range s.Keys {
		k := &s.Keys[i]
		if k.Name == name || k.pattern() && strings.HasPrefix(name, strings.TrimSuffix(k.Name, "*")) {
			return k
		}
		for _, a := range k.Aliases {
			if a == name {
				return k
			}
		}
	}
	return nil
}

// pattern is a key whose tag names a family of keys (sumologic's
// "query.*", read in code): KEDA's tag parser never matches it literally.
func (k *Key) pattern() bool { return strings.HasSuffix(k.Name, "*") }

// names lists the names a user may write for the scaler's keys in where,
// for suggestions.
func (s *Scaler) names(where Source) []string {
	var out []string
	for i := range s.Keys {
		k := &s.Keys[i]
		if k.From&where == 0 || k.pattern() || k.Deprecated != "" {
			continue
		}
		out = append(out, k.Name)
		if where == Metadata && k.From&Env != 0 {
			out = append(out, k.Name+"FromEnv")
		}
	}
	if where == Metadata {
		out = append(out, s.CodeKeys...)
	} else {
		out = append(out, s.CodeAuthKeys...)
	}
	return out
}
