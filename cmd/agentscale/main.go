// Command agentscale validates, renders, lints and simulates agent swarms on
// Kubernetes. Each command is a thin layer over one internal package.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
