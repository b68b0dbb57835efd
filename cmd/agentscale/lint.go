package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// PLACEHOLDER: replaced by the lint work (issue 4).
func newLintCmd(s streams, _ *config) *cobra.Command {
	return &cobra.Command{Use: "lint PATH...", Short: "Lint swarm files and Kubernetes manifests", Hidden: true,
		RunE: func(*cobra.Command, []string) error { return usage(errors.New("lint: not built yet")) }}
}

// PLACEHOLDER: replaced by the lint work (issue 4).
func newExplainCmd(s streams, _ *config) *cobra.Command {
	return &cobra.Command{Use: "explain RULE", Short: "Explain a lint rule", Hidden: true,
		RunE: func(*cobra.Command, []string) error { return usage(errors.New("explain: not built yet")) }}
}
