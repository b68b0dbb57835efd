// Command benchgen writes the large benchmark inputs that `make bench-cli`
// times as whole processes: a 1,000-role swarm and a 4,000-object manifest.
//
//	go run ./hack/benchgen DIR
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/agentscale/agentscale/internal/benchdata"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: benchgen DIR")
		os.Exit(2)
	}
	dir := os.Args[1]
	files := map[string][]byte{
		"swarm-1000.yaml":    benchdata.Swarm(1000),
		"manifest-4000.yaml": benchdata.Manifest(1000),
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "benchgen:", err)
		os.Exit(2)
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "benchgen:", err)
			os.Exit(2)
		}
	}
}
