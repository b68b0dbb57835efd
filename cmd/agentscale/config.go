package main

import (
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/agentscale/agentscale/internal/diag"
	"github.com/agentscale/agentscale/internal/input"
	"github.com/agentscale/agentscale/internal/suggest"
	"github.com/agentscale/agentscale/internal/yamlpos"
)

// config gives flags their defaults from .agentscale.yaml (or --config) and
// AGENTSCALE_* environment variables. Flags set on the command line win.
//
// A flag "fail-on" of command "lint" is read from key "lint.failOn" in the
// file, and from AGENTSCALE_LINT_FAIL_ON in the environment.
type config struct {
	file string
	// path and root are the config file read, if any, and its YAML with
	// positions (for messages that point into it).
	path string
	root *yamlpos.Node
}

func (c *config) load(cmd *cobra.Command) error {
	path := c.file
	if path == "" {
		if _, err := os.Lstat(defaultConfigFile); err == nil {
			path = defaultConfigFile
		}
	}
	if path != "" {
		root, err := readConfig(path)
		if err != nil {
			return err
		}
		if root != nil {
			if errs := checkConfig(cmd.Root(), root); len(errs) > 0 {
				return problem(errs)
			}
		}
		c.path, c.root = path, root
	}
	return c.applyFlags(cmd)
}

const defaultConfigFile = ".agentscale.yaml"

// readConfig reads a config file through the bounded reader and the one
// YAML parser: a config file that is a device, a FIFO, huge or an alias
// bomb is refused like any other input. nil means an empty file.
func readConfig(path string) (*yamlpos.Node, error) {
	data, err := input.Read(path, nil, input.Config)
	if err != nil {
		if diag.IsInputError(err) {
			return nil, problem(err)
		}
		return nil, usage(fmt.Errorf("config: cannot read %s: %w", path, unwrapPath(err)))
	}
	root, errs := yamlpos.ParseOne(yamlpos.Origin{File: path}, data, yamlpos.Default)
	if len(errs) > 0 {
		return nil, problem(errs)
	}
	if root != nil && root.Kind != yamlpos.Map {
		return nil, problem(&diag.Error{Pos: root.Pos, Msg: "a config file is a mapping of command names to flag defaults (render: {output: json})"})
	}
	return root, nil
}

// checkEnv refuses an AGENTSCALE_<COMMAND>_ variable that names no flag
// of the command, as the config file refuses an unknown key: a misspelt
// AGENTSCALE_LINT_FAILON would otherwise change nothing, silently.
// Variables of other commands are theirs to check.
func checkEnv(cmd *cobra.Command) error {
	prefix := envName(cmd, "")
	known := map[string]bool{}
	var names []string
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if cliOnly[f.Name] {
			return
		}
		for _, name := range flagNames(cmd, f) {
			known[envName(cmd, name)] = true
			names = append(names, envName(cmd, name))
		}
	})
	var unknown []string
	for _, kv := range os.Environ() {
		// An empty variable counts as unset, known or not.
		name, value, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, prefix) && !known[name] && value != "" {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	sort.Strings(unknown)
	name := unknown[0]
	if f := cmd.Flags().Lookup(strings.ReplaceAll(strings.ToLower(strings.TrimPrefix(name, prefix)), "_", "-")); f != nil && cliOnly[f.Name] {
		return usage(fmt.Errorf("%s: --%s is given on the command line only", name, f.Name))
	}
	return usage(fmt.Errorf("%s: %s has no such flag%s", name, cmd.Name(), suggest.Defined(name, names)))
}

// applyFlags sets every flag the user did not set from the config.
func (c *config) applyFlags(cmd *cobra.Command) error {
	if err := checkEnv(cmd); err != nil {
		return err
	}
	var err error
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if err != nil || f.Changed || cliOnly[f.Name] {
			return
		}
		// The environment wins over the file, and a flag on the command
		// line over both; an empty variable counts as unset. An alias
		// (lint's format for output) is read where the name is not set.
		var s, env, key string
		for _, name := range flagNames(cmd, f) {
			if v := os.Getenv(envName(cmd, name)); v != "" {
				s, env = v, envName(cmd, name)
				break
			}
		}
		if env == "" {
			for _, name := range flagNames(cmd, f) {
				if v, set := c.value(cmd.Name(), camel(name)); set {
					s, key = v, camel(name)
					break
				}
			}
			if key == "" {
				return
			}
		}
		set := func() error { return f.Value.Set(s) }
		if sv, ok := f.Value.(pflag.SliceValue); ok && env == "" {
			if items, ok := c.list(cmd.Name(), key); ok {
				set = func() error { return sv.Replace(items) }
			}
		}
		if e := set(); e != nil {
			if env != "" {
				err = usage(fmt.Errorf("%s: %v", env, e))
				return
			}
			k := c.root.Get(cmd.Name())
			err = problem(&diag.Error{Pos: k.KeyPos(key), Path: cmd.Name() + "." + key, Msg: e.Error()})
		}
	})
	return err
}

// flagNames is a flag's name and, if it has one, its alias.
func flagNames(cmd *cobra.Command, f *pflag.Flag) []string {
	if alias, ok := flagAliases[cmd.Name()+"."+f.Name]; ok {
		return []string{f.Name, alias}
	}
	return []string{f.Name}
}

// envName is the variable that sets a flag: AGENTSCALE_LINT_FAIL_ON.
func envName(cmd *cobra.Command, flag string) string {
	return "AGENTSCALE_" + strings.ToUpper(strings.ReplaceAll(cmd.Name()+"_"+flag, "-", "_"))
}

// notFromConfig are the flags a config file may not set, and why. The
// file comes with the repository, so a pull request could otherwise make
// CI write wherever it likes, or point diff at another cluster.
var notFromConfig = map[string]string{
	"render.outDir":       writes,
	"simulate.plot":       writes,
	"test.plot":           writes,
	"init.force":          writes,
	"import.outDir":       writes,
	"import.force":        writes,
	"diff.kubeconfig":     cluster,
	"diff.context":        cluster,
	"diff.namespace":      cluster,
	"diff.env":            cluster,
	"diff.applyset":       cluster,
	"diff.prune":          cluster,
	"diff.fieldManager":   cluster,
	"diff.forceConflicts": cluster,
}

const (
	writes  = "names where agentscale writes (or whether it overwrites); give it on the command line, not in a file a pull request can change"
	cluster = "decides what diff compares with the cluster, and so what a CI gate sees; give it on the command line (or KUBECONFIG), not in a file a pull request can change"
)

// checkConfig refuses what the config file cannot mean: an unknown command
// or flag (with the closest name suggested), a section that is not a
// mapping, and the flags of notFromConfig.
func checkConfig(root *cobra.Command, file *yamlpos.Node) diag.ErrorList {
	var errs diag.ErrorList
	bad := func(pos diag.Pos, path, format string, args ...any) {
		errs = append(errs, &diag.Error{Pos: pos, Path: path, Msg: fmt.Sprintf(format, args...)})
	}
	cmds := map[string]*cobra.Command{}
	var names []string
	for _, c := range root.Commands() {
		if c.Hidden || c.Name() == "help" {
			continue
		}
		cmds[c.Name()] = c
		names = append(names, c.Name())
	}
	for i, k := range file.Keys {
		c, ok := cmds[k.Name]
		if !ok {
			bad(k.Pos, k.Name, "unknown command%s: a config file sets flag defaults per command (%s)", suggest.DidYouMean(k.Name, names), strings.Join(names, ", "))
			continue
		}
		sec := file.Vals[i]
		if sec.IsNull() {
			continue
		}
		if sec.Kind != yamlpos.Map {
			bad(sec.Pos, k.Name, "must be a mapping of flag names to values, e.g. %s: {%s}", k.Name, exampleFlag(c))
			continue
		}
		var flags, aliases []string
		c.Flags().VisitAll(func(f *pflag.Flag) {
			if !cliOnly[f.Name] {
				names := flagNames(c, f)
				flags = append(flags, camel(names[0]))
				for _, a := range names[1:] {
					aliases = append(aliases, camel(a))
				}
			}
		})
		if k.Name == "lint" {
			flags = append(flags, "rules")
		}
		for _, fk := range sec.Keys {
			path := k.Name + "." + fk.Name
			switch {
			case notFromConfig[path] != "":
				bad(fk.Pos, path, "%s", notFromConfig[path])
			case cliOnly[fk.Name]:
				bad(fk.Pos, path, "names input files; give them on the command line")
			case !slices.Contains(flags, fk.Name) && !slices.Contains(aliases, fk.Name):
				bad(fk.Pos, path, "unknown flag of %s%s (flags: %s)", k.Name, suggest.DidYouMean(fk.Name, flags), strings.Join(flags, ", "))
			}
		}
	}
	errs.Sort()
	return errs
}

func exampleFlag(c *cobra.Command) string {
	ex := "flag: value"
	c.Flags().VisitAll(func(f *pflag.Flag) {
		if ex == "flag: value" && !cliOnly[f.Name] {
			ex = camel(f.Name) + ": " + f.DefValue
		}
	})
	return ex
}

// list is the config file's list value of a command's flag, item by item,
// for a repeatable flag: joined with commas, scenario: [a, b] would name
// one scenario "a,b".
func (c *config) list(command, key string) ([]string, bool) {
	if c.root == nil {
		return nil, false
	}
	items, ok := yamlpos.Plain(c.root.Get(command).Get(key)).([]any)
	if !ok {
		return nil, false
	}
	out := make([]string, len(items))
	for i, p := range items {
		out[i] = fmt.Sprint(p)
	}
	return out, true
}

// value is the config file's value of a command's flag, as flag text:
// lists joined with commas, as a flag repeats.
func (c *config) value(command, key string) (string, bool) {
	if c.root == nil {
		return "", false
	}
	sec := c.root.Get(command)
	if sec == nil || sec.Kind != yamlpos.Map {
		return "", false
	}
	n := sec.Get(key)
	if n == nil || n.IsNull() {
		return "", false
	}
	if items, ok := c.list(command, key); ok {
		return strings.Join(items, ","), true
	}
	return fmt.Sprint(yamlpos.Plain(n)), true
}

// camel turns a flag name into its config key: "fail-on" → "failOn".
func camel(flag string) string {
	parts := strings.Split(flag, "-")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}
