package kustomize

import (
	"github.com/agentscale/agentscale/internal/spec"
)

// checkPatchText reads every patch with agentscale's YAML reader before
// kustomize sees it, and refuses absurd sizes (spec.KustomizeErrors;
// spec.Validate does the same for a loaded file, this guards swarms built
// in code). kyaml recurses without limit into an alias that contains
// itself ("&a [*a]") and dies of a stack overflow, which no recover() can
// catch, and it expands alias bombs.
func checkPatchText(s *spec.Swarm, _ *spec.Kustomize) error {
	if errs := spec.KustomizeErrors(s, s.Env); len(errs) > 0 {
		return errs[0]
	}
	return nil
}
