// Command gitleaksgen writes internal/secrets/rules_gen.go: gitleaks'
// default rules as Go data, from the gitleaks version go.mod pins.
//
//	go run ./hack/gitleaksgen   (go generate ./internal/secrets)
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/agentscale/agentscale/internal/secrets/rulesgen"
)

func main() {
	out := flag.String("o", "internal/secrets/rules_gen.go", "the file to write")
	flag.Parse()
	version, err := rulesgen.Version()
	if err == nil {
		var src []byte
		if src, err = rulesgen.Source(version); err == nil {
			err = os.WriteFile(*out, src, 0o644)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gitleaksgen:", err)
		os.Exit(1)
	}
}
