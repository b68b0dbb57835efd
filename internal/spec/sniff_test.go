package spec

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/agentscale/agentscale/internal/yamlpos"
)

func TestLooksLikeSwarm(t *testing.T) {
	for in, want := range map[string]bool{
		"apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\n":                                             true,
		"# c\n---\nkind: \"Swarm\" # x\napiVersion: 'agentscale.dev/v1alpha1'\n":                         true,
		"apiVersion: apps/v1\nkind: Deployment\n":                                                        false,
		"apiVersion: apps/v1\nkind: Deployment\n---\napiVersion: agentscale.dev/v1alpha1\nkind: Swarm\n": false,
		"metadata:\n  kind: Swarm\n  apiVersion: agentscale.dev/v1alpha1\n":                              false,
		`{"apiVersion": "agentscale.dev/v1alpha1", "kind": "Swarm"}`:                                     false,
		"": false,
	} {
		if got := LooksLikeSwarm([]byte(in)); got != want {
			t.Errorf("LooksLikeSwarm(%q) = %v, want %v", in, got, want)
		}
	}
}

// The sniff never says "swarm" of a file whose first document is not one.
func TestLooksLikeSwarmAgreesWithTheParser(t *testing.T) {
	files, _ := filepath.Glob("../../examples/*.yaml")
	more, _ := filepath.Glob("../../testdata/*/*.yaml")
	sniffed := 0
	for _, f := range append(files, more...) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !LooksLikeSwarm(data) {
			continue
		}
		sniffed++
		var first *yamlpos.Node
		yamlpos.ParseEach(yamlpos.Origin{File: f}, data, yamlpos.Default, func(n *yamlpos.Node) {
			if first == nil {
				first = n
			}
		})
		if first == nil {
			continue // not YAML: spec.Parse reports it
		}
		k, a := first.Get("kind"), first.Get("apiVersion")
		if k == nil || a == nil || k.Value != Kind || a.Value != APIVersion {
			t.Errorf("%s: looks like a swarm but its first document is not one", f)
		}
	}
	if sniffed < 20 {
		t.Fatalf("only %d files look like swarms: the sniff or the globs are broken", sniffed)
	}
}
