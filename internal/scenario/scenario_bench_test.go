package scenario

import (
	"os"
	"testing"
)

// BenchmarkMarketResearchScenarios runs the example's three 2-hour
// scenarios, as agentscale test does (target: under 1 s).
func BenchmarkMarketResearchScenarios(b *testing.B) {
	data, err := os.ReadFile("../../examples/market-research.yaml")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		sw, errs := Parse("market-research.yaml", data)
		if len(errs) > 0 {
			b.Fatal(errs)
		}
		for i := range sw.Base.Spec.Scenarios {
			out, err := sw.Run(i, Options{})
			if err != nil {
				b.Fatal(err)
			}
			if !out.Passed() {
				b.Fatalf("%s fails: %v", out.Name, out.Failed())
			}
		}
	}
}
