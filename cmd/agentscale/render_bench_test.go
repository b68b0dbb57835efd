package main

import (
	"io"
	"strings"
	"testing"
)

// BenchmarkRenderCommand runs the whole command in-process (flags, config,
// load, validate, render, encode) on the example swarm; process start-up
// is measured with hyperfine (docs/render.md).
func BenchmarkRenderCommand(b *testing.B) {
	for _, bm := range []struct {
		name string
		args []string
	}{
		{"yaml", []string{"render", example}},
		{"env-prod", []string{"render", "--env", "prod", example}},
		{"json", []string{"render", "-o", "json", example}},
	} {
		args := bm.args
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if code := run(args, strings.NewReader(""), io.Discard, io.Discard); code != exitOK {
					b.Fatalf("exit %d", code)
				}
			}
		})
	}
}
