package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/agentscale/agentscale/internal/render"
)

// operands declares what a command takes as arguments, so that every
// command words a missing or an extra argument the same way (cobra's own
// "accepts 1 arg(s), received 0" says neither what nor how).
type operands struct {
	noun     string // with its article: "a swarm FILE"
	hint     string // after the noun in "needs ...": "(or - for stdin)"
	min, max int    // max < 0: any number
	// unless names a boolean flag that, when true, makes the command need
	// no operand (lint --list-rules).
	unless string
}

// args is the cobra.PositionalArgs of o; -f/--filename values count as
// operands.
func (o operands) args(cmd *cobra.Command, args []string) error {
	if o.unless != "" {
		if on, err := cmd.Flags().GetBool(o.unless); err == nil && on {
			return nil
		}
	}
	all := inputFiles(cmd, args)
	n := len(all)
	switch {
	case n < o.min:
		msg := fmt.Sprintf("%s needs %s", cmd.Name(), o.noun)
		if o.hint != "" {
			msg += " " + o.hint
		}
		if ex := firstExample(cmd); ex != "" {
			msg += ", as in: " + ex
		}
		return usage(fmt.Errorf("%s", msg))
	case o.max == 0 && n > 0:
		return usage(fmt.Errorf("%s takes no arguments, got %s", cmd.Name(), quoteAll(all)))
	case o.max > 0 && n > o.max:
		one := "one " + strings.TrimPrefix(strings.TrimPrefix(o.noun, "an "), "a ")
		if o.min == 0 {
			one = "at most " + one
		}
		return usage(fmt.Errorf("%s takes %s, got %d: %s", cmd.Name(), one, n, quoteAll(all)))
	}
	return nil
}

// firstExample is the first line of the command's examples, as typed.
func firstExample(cmd *cobra.Command) string {
	line, _, _ := strings.Cut(cmd.Example, "\n")
	return strings.TrimSpace(line)
}

func quoteAll(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = fmt.Sprintf("%q", a)
	}
	return strings.Join(q, " ")
}

// takes sets what cmd takes as arguments.
func takes(cmd *cobra.Command, o operands) {
	cmd.Args = o.args
}

// fileFlag adds kubectl's -f/--filename to a command that reads files: the
// files given with it come before the positional ones, and both may be
// mixed (agentscale lint -f a.yaml b.yaml).
func fileFlag(cmd *cobra.Command, usage string) {
	arrayVar(cmd.Flags(), new([]string), "filename", "f", usage+" (repeatable; the same as an argument)")
	_ = cmd.MarkFlagFilename("filename", yamlExts...)
	if cmd.ValidArgsFunction == nil {
		cmd.ValidArgsFunction = completeFiles
	}
}

// yamlExts are the file extensions agentscale reads.
var yamlExts = []string{"yaml", "yml", "json"}

// inputFiles is every file operand: -f/--filename values, then arguments.
func inputFiles(cmd *cobra.Command, args []string) []string {
	if cmd.Flags().Lookup("filename") == nil {
		return args
	}
	sv, ok := cmd.Flags().Lookup("filename").Value.(pflag.SliceValue)
	if !ok {
		return args
	}
	files := sv.GetSlice()
	if len(files) == 0 {
		return args
	}
	return append(files, args...)
}

// cliOnly are flags a config file and the environment may not set: input
// files belong on the command line.
var cliOnly = map[string]bool{"config": true, "help": true, "filename": true}

// namespaceFlag adds kubectl's -n/--namespace.
func namespaceFlag(cmd *cobra.Command, p *string, usage string) {
	cmd.Flags().StringVarP(p, "namespace", "n", "", usage)
}

// checkNamespace refuses a namespace the API server would, before any
// file is read (exit 2, a bad flag).
func checkNamespace(ns string) error {
	if err := render.CheckNamespace(ns); err != nil {
		return usage(err)
	}
	return nil
}

// aliasFlag makes --alias another spelling of --name on cmd (lint's
// --format, from before every command spelled it -o/--output). The config
// file and the environment accept the alias too (aliasOf).
func aliasFlag(cmd *cobra.Command, alias, name string) {
	cmd.Flags().SetNormalizeFunc(func(_ *pflag.FlagSet, n string) pflag.NormalizedName {
		if n == alias {
			n = name
		}
		return pflag.NormalizedName(n)
	})
	flagAliases[cmd.Name()+"."+name] = alias
}

// flagAliases maps command.flag to its older spelling.
var flagAliases = map[string]string{}
