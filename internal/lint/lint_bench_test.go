package lint_test

import (
	"os"
	"testing"

	"github.com/agentscale/agentscale/internal/benchdata"
	"github.com/agentscale/agentscale/internal/lint"
	"github.com/agentscale/agentscale/internal/lint/linttest"
	"github.com/agentscale/agentscale/internal/lint/rules"
)

// largeManifest is benchdata.Manifest: n sets of Deployment, Service, PDB
// and HPA (n=1000: 4,000 objects, about 1.4 MB).
func largeManifest(n int) []byte { return benchdata.Manifest(n) }

func BenchmarkLintManifest4000(b *testing.B) {
	data := largeManifest(1000)
	opts := lint.Options{Rules: rules.Registry(), Render: linttest.Render}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if fs := lint.Run([]lint.Source{{Name: "bench.yaml", Data: data}}, opts); len(fs) != 0 {
			b.Fatalf("benchmark input should lint clean, got %v", fs[0])
		}
	}
}

func BenchmarkLintExampleSwarm(b *testing.B) {
	data, err := os.ReadFile("../../examples/market-research.yaml")
	if err != nil {
		b.Fatal(err)
	}
	opts := lint.Options{Rules: rules.Registry(), Render: linttest.Render}
	b.ReportAllocs()
	for b.Loop() {
		lint.Run([]lint.Source{{Name: "market-research.yaml", Data: data}}, opts)
	}
}
