package spec

import (
	"os"
	"testing"

	"github.com/agentscale/agentscale/internal/benchdata"
)

// bigSwarm is benchdata.Swarm: n roles cycling through every feature.
func bigSwarm(n int) []byte { return benchdata.Swarm(n) }

func BenchmarkParseMarketResearch(b *testing.B) {
	data, err := os.ReadFile("../../examples/market-research.yaml")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, errs := Parse("market-research.yaml", data, Options{}); len(errs) > 0 {
			b.Fatal(errs)
		}
	}
}

func BenchmarkParse1000Roles(b *testing.B) {
	data := bigSwarm(1000)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, errs := Parse("big.yaml", data, Options{}); len(errs) > 0 {
			b.Fatal(errs)
		}
	}
}

// BenchmarkSchemaCompile is the one-off cost every validating process pays.
func BenchmarkSchemaCompile(b *testing.B) {
	for b.Loop() {
		if _, err := compileSchema(); err != nil {
			b.Fatal(err)
		}
	}
}

func TestBigSwarmIsValid(t *testing.T) {
	data := bigSwarm(1000)
	s, errs := Parse("big.yaml", data, Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(s.Spec.Roles) != 1000 {
		t.Fatalf("%d roles", len(s.Spec.Roles))
	}
	if n := tooManySeparators(data); n >= 0 {
		t.Fatalf("a 1,000-role swarm trips the separator limit")
	}
	t.Logf("1,000 roles: %d KiB", len(data)>>10)
}
