package main

import (
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
}

func (e *enumValue) String() string { return *e.value }
func (e *enumValue) Type() string   { return "string" }

func (e *enumValue) Set(s string) error {
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

var _ pflag.Value = (*enumValue)(nil)
