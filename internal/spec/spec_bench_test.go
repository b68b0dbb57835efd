package spec

import (
	"github.com/agentscale/agentscale/internal/minischema"
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
		if _, err := minischema.Compile(SchemaJSON); err != nil {
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
	root, errs := parseYAML("big.yaml", data)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	written, _ := root.Size()
	if written > limits.MaxValues/2 {
		t.Errorf("a 1,000-role swarm holds %d values, more than half the limit (%d)", written, limits.MaxValues)
	}
	if errs := checkBudget(root, 0); len(errs) > 0 {
		t.Fatal(errs)
	}
	spec := root.Get("spec")
	dv, _ := spec.Get("defaults").Size()
	resolved := written + len(spec.Get("roles").Items)*dv
	if resolved > maxResolvedValues/2 {
		t.Errorf("a 1,000-role swarm resolves to %d values, more than half the limit (%d)", resolved, maxResolvedValues)
	}
	t.Logf("1,000 roles: %d KiB, %d values written, %d resolved", len(data)>>10, written, resolved)
}
