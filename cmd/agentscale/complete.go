package main

import (
	"slices"

	"github.com/spf13/cobra"

	"github.com/agentscale/agentscale/internal/input"
	"github.com/agentscale/agentscale/internal/lint/rules"
	"github.com/agentscale/agentscale/internal/yamlpos"
)

// Shell completion: cobra's __complete calls these while the user types,
// so they read only what they need and never fail loudly (a half-edited
// swarm file still offers the names it has).

// completeFiles offers YAML and JSON files.
func completeFiles(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return yamlExts, cobra.ShellCompDirectiveFilterFileExt
}

// completeRules offers rule ids, each with why it matters.
func completeRules(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var ids []string
	for _, r := range rules.Registry().Rules() {
		ids = append(ids, r.ID+"\t"+r.Why)
	}
	return ids, cobra.ShellCompDirectiveNoFileComp
}

// swarmNames completes a flag from names in the swarm files already on
// the command line: pick returns the names one file defines.
func swarmNames(pick func(spec *yamlpos.Node) []string) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		var names []string
		for _, path := range inputFiles(cmd, args) {
			if path == "-" {
				continue
			}
			data, err := input.Read(path, nil, input.Swarm)
			if err != nil {
				continue
			}
			root, _ := yamlpos.ParseOne(yamlpos.Origin{File: path}, data, yamlpos.Default)
			if spec := root.Get("spec"); spec != nil && spec.Kind == yamlpos.Map {
				for _, n := range pick(spec) {
					if !slices.Contains(names, n) {
						names = append(names, n)
					}
				}
			}
		}
		return names, cobra.ShellCompDirectiveNoFileComp
	}
}

// keysOf is the keys of spec.FIELD, a mapping (environments).
func keysOf(field string) func(*yamlpos.Node) []string {
	return func(spec *yamlpos.Node) []string {
		var names []string
		if m := spec.Get(field); m != nil && m.Kind == yamlpos.Map {
			for _, k := range m.Keys {
				names = append(names, k.Name)
			}
		}
		return names
	}
}

// namesOf is the name fields of spec.FIELD, a list (roles, scenarios).
func namesOf(field string) func(*yamlpos.Node) []string {
	return func(spec *yamlpos.Node) []string {
		var names []string
		if l := spec.Get(field); l != nil && l.Kind == yamlpos.List {
			for _, item := range l.Items {
				if n := item.Get("name"); n != nil && n.Kind == yamlpos.Scalar {
					if s, ok := n.Value.(string); ok {
						names = append(names, s)
					}
				}
			}
		}
		return names
	}
}

var (
	completeEnvs      = swarmNames(keysOf("environments"))
	completeRoles     = swarmNames(namesOf("roles"))
	completeScenarios = swarmNames(namesOf("scenarios"))
)

// envFlag adds --env with completion of the environments the files define.
func envFlag(cmd *cobra.Command, p *string, usage string) {
	cmd.Flags().StringVar(p, "env", "", usage)
	_ = cmd.RegisterFlagCompletionFunc("env", completeEnvs)
}
