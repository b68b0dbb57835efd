package kustomize_test

import (
	"testing"

	"github.com/agentscale/agentscale/internal/kustomize"
	"github.com/agentscale/agentscale/internal/render"
	"github.com/agentscale/agentscale/internal/spec"
)

// BenchmarkApply measures the kustomize step of `render --env prod` on the
// example swarm (one images entry): the cost of building in memory.
func BenchmarkApply(b *testing.B) {
	s, err := spec.Load("../../examples/market-research.yaml", nil, spec.Options{Env: "prod"})
	if err != nil {
		b.Fatal(err)
	}
	objs, err := render.Render(s, render.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := kustomize.Apply(s, objs, ""); err != nil {
			b.Fatal(err)
		}
	}
}
