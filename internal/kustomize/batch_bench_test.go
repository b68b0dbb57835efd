package kustomize

import (
	"testing"

	"github.com/agentscale/agentscale/internal/render"
)

// BenchmarkApplyLarge measures a 300-role swarm (~1,800 objects) with
// renames, labels, images and patches; batching keeps it linear in roles.
func BenchmarkApplyLarge(b *testing.B) {
	s := manyRoles(b, 300)
	objs, err := render.Render(s, render.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Apply(s, objs, ""); err != nil {
			b.Fatal(err)
		}
	}
}
