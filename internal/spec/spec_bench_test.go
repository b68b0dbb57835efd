package spec

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
)

// bigSwarm generates a realistic swarm of n roles: defaults, a node pool,
// and roles cycling through fixed, HPA and KEDA scaling.
func bigSwarm(n int) []byte {
	var b strings.Builder
	b.WriteString(`apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: big}
spec:
  defaults:
    image: ghcr.io/acme/agent:1.0.0
    resources:
      requests: {cpu: 100m, memory: 128Mi}
      limits: {memory: 256Mi}
    probes:
      readiness: {httpGet: {path: /healthz, port: 8080}}
    nodePool: general
  nodePools:
    - {name: general, allocatable: {cpu: "4", memory: 16Gi}, maxNodes: 500}
  roles:
`)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "    - name: role-%d\n      ports: [{name: http, port: 8080}]\n      env: [{name: ROLE, value: r%d}]\n", i, i)
		switch i % 3 {
		case 0:
			b.WriteString("      replicas: 2\n")
		case 1:
			b.WriteString("      replicas: {min: 1, max: 10}\n      scaling: {hpa: {cpu: 70}}\n")
		default:
			fmt.Fprintf(&b, "      replicas: {min: 0, max: 20}\n      scaling:\n        keda:\n          triggers:\n            - type: rabbitmq\n              metadata: {queueName: q%d, mode: QueueLength, value: \"20\"}\n              auth: {secret: rabbit, params: {host: host}}\n", i)
		}
	}
	return []byte(b.String())
}

var benchSwarm = flag.String("bench-swarm", "", "write the generated 1,000-role swarm to this path (for whole-process timing)")

// TestWriteBenchSwarm writes the benchmark input for `make bench-cli`.
func TestWriteBenchSwarm(t *testing.T) {
	if *benchSwarm == "" {
		t.Skip("pass -bench-swarm PATH to write the benchmark input")
	}
	if err := os.WriteFile(*benchSwarm, bigSwarm(1000), 0o644); err != nil {
		t.Fatal(err)
	}
}

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
