// Command agentscale validates, renders, lints and simulates agent swarms on
// Kubernetes. Each command is a thin layer over one internal package.
package main

import (
	"os"
	"runtime/debug"
)

func main() {
	// A short-lived CLI with bounded input: collecting garbage less often
	// saves a third of validate's CPU time for ~2 MB of memory. GOGC, when
	// set, still wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	// ... and a soft memory limit keeps that from multiplying a large
	// input's live heap by five: a 2,500-item KRM ResourceList peaked at
	// 260 MB without it, 124 MB with it (rendering 1,000 roles costs 15%
	// more CPU than without). Small runs never reach it; lint
	// sets its own from the input's size. GOMEMLIMIT, when set, wins.
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(96 << 20)
	}
	os.Exit(run(krmFunctionArgs(os.Args[1:]), os.Stdin, os.Stdout, os.Stderr))
}

// krmFunctionArgs makes the container image a KRM function: kustomize and
// kpt run a container function's entrypoint without arguments, so
// AGENTSCALE_KRM_FUNCTION=true (set in the function's envs) turns a bare
// invocation into render --krm. Explicit, never a guess from stdin; other
// render flags come from AGENTSCALE_RENDER_* (AGENTSCALE_RENDER_ENV=prod).
func krmFunctionArgs(args []string) []string {
	if len(args) == 0 && os.Getenv("AGENTSCALE_KRM_FUNCTION") == "true" {
		return []string{"render", "--krm"}
	}
	return args
}
