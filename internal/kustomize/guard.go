package kustomize

import (
	"strconv"
	"strings"

	"github.com/agentscale/agentscale/internal/spec"
	"github.com/agentscale/agentscale/internal/yamlpos"
)

// checkPatchText reads every patch with agentscale's YAML reader before
// kustomize sees it. kyaml recurses without limit into an alias that
// contains itself ("&a [*a]") and dies of a stack overflow, which no
// recover() can catch, and it expands alias bombs; the reader refuses
// both, with the line in the patch.
func checkPatchText(s *spec.Swarm, k *spec.Kustomize) error {
	for i, p := range k.Patches {
		_, errs := yamlpos.Parse(yamlpos.Origin{}, []byte(p.Patch), yamlpos.Default)
		if len(errs) == 0 {
			continue
		}
		e := errs[0]
		path := envPath(s.Env) + ".kustomize.patches[" + strconv.Itoa(i) + "]"
		return &spec.Error{Pos: s.Pos(path), Path: strings.TrimPrefix(path, "spec."),
			Msg: "the patch is not valid YAML: line " + strconv.Itoa(e.Pos.Line) + ": " + strings.TrimPrefix(e.Msg, "invalid YAML: ")}
	}
	return nil
}
