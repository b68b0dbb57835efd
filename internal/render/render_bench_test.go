package render

import (
	"io"
	"os"
	"testing"

	"github.com/agentscale/agentscale/internal/spec"
)

func benchRender(b *testing.B, s *spec.Swarm) {
	b.ReportAllocs()
	for b.Loop() {
		objs, err := Render(s, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if err := EncodeYAML(io.Discard, objs); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderMarketResearch renders and encodes the example swarm.
func BenchmarkRenderMarketResearch(b *testing.B) {
	data, err := os.ReadFile(examplesDir + "/market-research.yaml")
	if err != nil {
		b.Fatal(err)
	}
	s, errs := spec.Parse("market-research.yaml", data, spec.Options{})
	if len(errs) > 0 {
		b.Fatal(errs)
	}
	benchRender(b, s)
}

// BenchmarkRender1000Roles renders and encodes a generated 1,000-role swarm.
func BenchmarkRender1000Roles(b *testing.B) {
	benchRender(b, parse(b, generatedSwarm(1000)))
}

// BenchmarkRenderOnly1000Roles measures Render alone, without encoding.
func BenchmarkRenderOnly1000Roles(b *testing.B) {
	s := parse(b, generatedSwarm(1000))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Render(s, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
