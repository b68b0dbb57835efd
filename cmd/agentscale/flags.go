package main

import (
	"encoding/csv"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/agentscale/agentscale/internal/suggest"
)

// enumValue is a string flag that takes one of a fixed set of values, so a
// wrong one fails where it is set (on the command line, exit 2; in the
// config file, exit 1 at its line) and shells complete the values.
type enumValue struct {
	value   *string
	allowed []string
	// old are values still read under an earlier name, and not offered.
	old map[string]string
}

func (e *enumValue) String() string { return *e.value }
func (e *enumValue) Type() string   { return "string" }

func (e *enumValue) Set(s string) error {
	if now, ok := e.old[s]; ok {
		s = now
	}
	if !slices.Contains(e.allowed, s) {
		return fmt.Errorf("want one of %s%s", strings.Join(e.allowed, ", "), suggest.DidYouMean(s, e.allowed))
	}
	*e.value = s
	return nil
}

// enumVar defines an enum flag on cmd with shell completion of its values.
func enumVar(cmd *cobra.Command, p *string, name, short, def string, allowed []string, usage string) {
	*p = def
	f := cmd.Flags()
	f.VarP(&enumValue{value: p, allowed: allowed}, name, short, usage)
	_ = cmd.RegisterFlagCompletionFunc(name, func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return allowed, cobra.ShellCompDirectiveNoFileComp
	})
}

// enumOldName keeps reading an enum flag's value under an earlier name.
func enumOldName(cmd *cobra.Command, name, old, now string) {
	e := cmd.Flags().Lookup(name).Value.(*enumValue)
	if e.old == nil {
		e.old = map[string]string{}
	}
	e.old[old] = now
}

var _ pflag.Value = (*enumValue)(nil)

// arrayValue is a repeatable string flag with pflag's StringArray meaning
// (each use adds one value, commas and all; the first replaces the
// default). pflag's own formats its default as CSV, through a 4 KB
// buffer per flag, on every run of every command; this one formats only
// when asked, in pflag's form, so pflag's GetStringArray reads it too.
type arrayValue struct {
	value   *[]string
	changed bool
}

func (a *arrayValue) Type() string { return "stringArray" }

func (a *arrayValue) String() string {
	if len(*a.value) == 0 {
		return "[]"
	}
	var b strings.Builder
	w := csv.NewWriter(&b)
	_ = w.Write(*a.value) // a strings.Builder does not fail
	w.Flush()
	return "[" + strings.TrimSuffix(b.String(), "\n") + "]"
}

func (a *arrayValue) Set(s string) error {
	if !a.changed {
		*a.value, a.changed = nil, true
	}
	return a.Append(s)
}

// Append, Replace and GetSlice make it a pflag.SliceValue, as cobra's
// completion and a config file's lists expect of a repeatable flag.
func (a *arrayValue) Append(s string) error { *a.value = append(*a.value, s); return nil }

func (a *arrayValue) Replace(s []string) error {
	*a.value, a.changed = append([]string(nil), s...), true
	return nil
}

func (a *arrayValue) GetSlice() []string { return append([]string(nil), *a.value...) }

// arrayVar defines a repeatable string flag on f, with no default to show.
func arrayVar(f *pflag.FlagSet, p *[]string, name, short, usage string) {
	f.VarP(&arrayValue{value: p}, name, short, usage)
	f.Lookup(name).DefValue = ""
}

var _ pflag.SliceValue = (*arrayValue)(nil)
