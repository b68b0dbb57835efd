package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// PLACEHOLDER: replaced by the simulate work (issue 6).
func newSimulateCmd(s streams, _ *config) *cobra.Command {
	return &cobra.Command{Use: "simulate FILE", Short: "Simulate the autoscalers under a load", Hidden: true,
		RunE: func(*cobra.Command, []string) error { return usage(errors.New("simulate: not built yet")) }}
}
