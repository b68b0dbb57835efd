package main

import (
	"fmt"
	"path/filepath"
	"text/tabwriter"

	"github.com/agentscale/agentscale/internal/spec"
	"github.com/agentscale/agentscale/templates"
	"github.com/spf13/cobra"
)

type initOptions struct {
	dir      string
	name     string
	template string
	list     bool
	force    bool
	output   string
}

func newInitCmd(s streams) *cobra.Command {
	o := initOptions{dir: "."}
	cmd := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Write a starter swarm.yaml and its JSON Schema",
		Long: `Init writes DIR/swarm.yaml (DIR defaults to the working directory) from a
template, and DIR/swarm.schema.json beside it. The first line of swarm.yaml,
"# yaml-language-server: $schema=./swarm.schema.json", lets editors with the
YAML language server complete and check the file offline.

The swarm is named after DIR (lower-cased, "_" as "-") when that is a
valid name, else "my-swarm"; --name sets it. Init never overwrites an
existing file unless --force is given.`,
		Example: "  agentscale init\n  agentscale init --template queue-worker agents/\n  agentscale init --name support --template full\n  agentscale init --list -o json",
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return nil, cobra.ShellCompDirectiveFilterDirs
		},
		RunE: func(_ *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.dir = args[0]
			}
			return runInit(s, o)
		},
	}
	takes(cmd, operands{noun: "a DIR", min: 0, max: 1})
	cmd.Flags().StringVarP(&o.template, "template", "t", templates.Default, `starter template ("list" lists them)`)
	enumVar(cmd, &o.output, "output", "o", "text", []string{"text", "json"}, "output format: text or json (the templates with --list, else the files written)")
	cmd.Flags().StringVar(&o.name, "name", "", "metadata.name of the swarm (default: DIR's name, if valid)")
	cmd.Flags().BoolVar(&o.list, "list", false, "list the templates and exit")
	cmd.Flags().BoolVar(&o.force, "force", false, "overwrite swarm.yaml and swarm.schema.json if they exist")
	_ = cmd.RegisterFlagCompletionFunc("template", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		var names []string
		for _, t := range templates.List() {
			names = append(names, t.Name+"\t"+t.Description)
		}
		return names, cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

func runInit(s streams, o initOptions) error {
	if o.list || o.template == "list" {
		if o.output == "json" {
			return writeJSON(s.out, templates.List())
		}
		tw := tabwriter.NewWriter(s.out, 0, 4, 2, ' ', 0)
		for _, t := range templates.List() {
			fmt.Fprintf(tw, "%s\t%s\n", t.Name, t.Description)
		}
		return tw.Flush()
	}
	swarm, err := templates.Get(o.template)
	if err != nil {
		return usage(fmt.Errorf("init: %w", err))
	}
	name := o.name
	if name == "" {
		name = templates.NameFor(o.dir)
	}
	swarm = templates.Rename(swarm, name)
	if _, errs := spec.Parse(templates.SwarmFile, swarm, spec.Options{}); len(errs) > 0 {
		if o.name == "" {
			return usage(fmt.Errorf("init: the name %q taken from %s is not a valid swarm name (%s): pass --name", name, o.dir, errs[0].Msg))
		}
		return usage(fmt.Errorf("init: --name %q: %s", o.name, errs[0].Msg))
	}
	written, err := templates.WriteSwarm(o.dir, swarm, spec.SchemaJSON, o.force)
	next := filepath.Join(o.dir, templates.SwarmFile)
	if o.output == "json" {
		// What was written is reported even when a later file failed.
		if werr := writeJSON(s.out, initReport{Written: nonNil(written), Swarm: next}); werr != nil {
			return werr
		}
	} else {
		for _, path := range written {
			fmt.Fprintf(s.out, "wrote %s\n", path)
		}
	}
	if err != nil {
		return usage(fmt.Errorf("init: %w", err))
	}
	if o.output == "text" {
		fmt.Fprintf(s.out, "next: edit %s, then run: agentscale validate %s\n", next, next)
	}
	return nil
}

// initReport is init -o json: the files written, and the swarm to edit.
type initReport struct {
	Written []string `json:"written"`
	Swarm   string   `json:"swarm"`
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
