package main

import (
	"github.com/agentscale/agentscale/internal/spec"
	"github.com/spf13/cobra"
)

func newSchemaCmd(s streams) *cobra.Command {
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema (draft 2020-12) of swarm.yaml",
		Long: `Schema prints the JSON Schema that validate uses. Point your editor at it for
completion, e.g. with a "# yaml-language-server: $schema=swarm.schema.json"
line at the top of swarm.yaml.`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			_, err := s.out.Write(spec.SchemaJSON)
			return err
		},
	}
}
