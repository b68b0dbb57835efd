package krm_test

import (
	"bytes"
	"io"
	"os"
	"testing"

	"github.com/agentscale/agentscale/internal/krm"
)

// BenchmarkRun runs the function over the generate test case: read and
// check the ResourceList, parse the Swarm, render, write the list back.
func BenchmarkRun(b *testing.B) {
	in, err := os.ReadFile("testdata/generate/input.yaml")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := krm.Run(bytes.NewReader(in), io.Discard, krm.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
