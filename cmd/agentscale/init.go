package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// PLACEHOLDER: replaced by the foundation work (issue 2).
func newInitCmd(s streams) *cobra.Command {
	return &cobra.Command{Use: "init [DIR]", Short: "Write a starter swarm.yaml", Hidden: true,
		RunE: func(*cobra.Command, []string) error { return usage(errors.New("init: not built yet")) }}
}
