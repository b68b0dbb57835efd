package kustomize

import (
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/agentscale/agentscale/internal/spec"
	yaml "go.yaml.in/yaml/v3"
)

// checkPatchText parses every patch with go.yaml.in/yaml/v3 before
// kustomize sees it. kyaml recurses without limit into an alias that
// contains itself ("&a [*a]") and dies of a stack overflow, which no
// recover() can catch; yaml/v3 reports it, and alias bombs, as errors.
func checkPatchText(s *spec.Swarm, k *spec.Kustomize) error {
	for i, p := range k.Patches {
		if err := parsesAsYAML(p.Patch); err != nil {
			path := envPath(s.Env) + ".kustomize.patches[" + strconv.Itoa(i) + "]"
			return &spec.Error{Pos: s.Pos(path), Path: strings.TrimPrefix(path, "spec."),
				Msg: "the patch is not valid YAML: " + strings.TrimPrefix(err.Error(), "yaml: ")}
		}
	}
	return nil
}

// parsesAsYAML decodes every document of text.
func parsesAsYAML(text string) error {
	dec := yaml.NewDecoder(strings.NewReader(text))
	for {
		var v any
		err := dec.Decode(&v)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
