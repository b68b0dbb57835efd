package main

import (
	"github.com/spf13/cobra"
	"sigs.k8s.io/yaml"

	"github.com/agentscale/agentscale/internal/spec"
)

func newSchemaCmd(s streams) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema (draft 2020-12) of swarm.yaml",
		Long: `Schema prints the JSON Schema that validate uses. Point your editor at it for
completion, e.g. with a "# yaml-language-server: $schema=swarm.schema.json"
line at the top of swarm.yaml. -o yaml prints the same schema as YAML, for
tools that keep their schemas in YAML.`,
		Example: "  agentscale schema > swarm.schema.json\n  agentscale schema -o yaml",
		RunE: func(*cobra.Command, []string) error {
			out := spec.SchemaJSON
			if format == "yaml" {
				y, err := yaml.JSONToYAML(out)
				if err != nil {
					return err
				}
				out = y
			}
			_, err := s.out.Write(out)
			return err
		},
	}
	takes(cmd, operands{})
	enumVar(cmd, &format, "output", "o", "json", []string{"json", "yaml"}, "output format: json or yaml")
	return cmd
}
