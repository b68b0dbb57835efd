package kustomize

import (
	"strconv"
	"strings"

	"github.com/agentscale/agentscale/internal/spec"
)

// checkPatchText reads every patch with agentscale's YAML reader before
// kustomize sees it (spec.Validate does too; this guards swarms built in
// code). kyaml recurses without limit into an alias that contains itself
// ("&a [*a]") and dies of a stack overflow, which no recover() can catch,
// and it expands alias bombs.
func checkPatchText(s *spec.Swarm, k *spec.Kustomize) error {
	for i, p := range k.Patches {
		if msg := spec.PatchTextError(p.Patch); msg != "" {
			path := envPath(s.Env) + ".kustomize.patches[" + strconv.Itoa(i) + "]"
			return &spec.Error{Pos: s.Pos(path), Path: strings.TrimPrefix(path, "spec."), Msg: msg}
		}
	}
	return nil
}
