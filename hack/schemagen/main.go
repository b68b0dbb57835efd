// Command schemagen writes internal/spec/schema_gen.go, the swarm schema
// (internal/spec/schema.json) compiled by internal/minischema and laid out
// as Go static data: validate pays nothing at start-up to have it.
//
//	go run ./hack/schemagen   (go generate ./internal/spec)
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/agentscale/agentscale/internal/minischema"
)

func main() {
	in := flag.String("in", "internal/spec/schema.json", "the schema")
	out := flag.String("o", "internal/spec/schema_gen.go", "the file to write")
	flag.Parse()
	data, err := os.ReadFile(*in)
	if err == nil {
		var s *minischema.Schema
		if s, err = minischema.Compile(data); err == nil {
			var src []byte
			if src, err = s.GoSource("spec", "swarmSchema", "hack/schemagen from schema.json"); err == nil {
				err = os.WriteFile(*out, src, 0o644)
			}
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "schemagen:", err)
		os.Exit(1)
	}
}
