package outdir

import (
	"path/filepath"
	"testing"

	"github.com/agentscale/agentscale/internal/render"
	"github.com/agentscale/agentscale/internal/spec"
)

func exampleObjects(b *testing.B) []render.Object {
	s, err := spec.Load("../../examples/market-research.yaml", nil, spec.Options{})
	if err != nil {
		b.Fatal(err)
	}
	objs, err := render.Render(s, render.Options{})
	if err != nil {
		b.Fatal(err)
	}
	return objs
}

// BenchmarkFiles lays the example swarm out in memory (names, YAML,
// kustomization): everything --out-dir does before touching the disk.
func BenchmarkFiles(b *testing.B) {
	objs := exampleObjects(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Files(objs, Options{Name: "market-research"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWrite replaces a previous output of the example swarm: temp
// directory, one fsync per file, the swap and the removal of the old files.
func BenchmarkWrite(b *testing.B) {
	objs := exampleObjects(b)
	dir := filepath.Join(b.TempDir(), "out")
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(dir, objs, Options{Name: "market-research"}); err != nil {
			b.Fatal(err)
		}
	}
}
