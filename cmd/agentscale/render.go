package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// PLACEHOLDER: replaced by the render work (issue 3).
func newRenderCmd(s streams, _ *config) *cobra.Command {
	return &cobra.Command{Use: "render FILE", Short: "Render a swarm into Kubernetes manifests", Hidden: true,
		RunE: func(*cobra.Command, []string) error { return usage(errors.New("render: not built yet")) }}
}
