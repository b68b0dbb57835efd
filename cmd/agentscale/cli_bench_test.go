package main

import (
	"io"
	"strings"
	"testing"
)

// BenchmarkCLI runs the hook's commands in one process, without the
// process start-up and package inits that make-bench-cli measures: what is
// left is the commands' own work (go test -bench CLI -cpuprofile).
func BenchmarkCLI(b *testing.B) {
	for _, args := range [][]string{
		{"validate", "../../examples/market-research.yaml"},
		{"lint", "../../examples/market-research.yaml"},
	} {
		b.Run(args[0], func(b *testing.B) {
			for b.Loop() {
				if code := run(args, strings.NewReader(""), io.Discard, io.Discard); code != 0 {
					b.Fatalf("exit %d", code)
				}
			}
		})
	}
}

func BenchmarkVersion(b *testing.B) {
	for b.Loop() {
		run([]string{"version"}, strings.NewReader(""), io.Discard, io.Discard)
	}
}
