package importer

import (
	"fmt"

	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/yaml"

	"github.com/agentscale/agentscale/internal/render"
	"github.com/agentscale/agentscale/internal/spec"
)

// CarryEnv is the environment that carries what the format cannot say:
// `agentscale render --env imported` reproduces the input's values.
const CarryEnv = "imported"

// Carry returns the JSON 6902 patches that make the swarm's render keep
// the input's values where the format cannot express them (a sidecar, a
// weaker security context, a volume, an extra port): per input object and
// the rendered object that stands for it, every differing field except the
// object's name and references to other objects by name, label selectors
// and render's standard labels, which are what adopting agentscale means.
// Of an object read back from a cluster, the API server's defaults are not
// carried (serverDefault); everything else it has is.
func Carry(input []render.KubeObject, roles map[render.KubeObject]string, rendered []render.Object) ([]spec.KustomizePatch, error) {
	m, err := pairUp(input, roles, rendered)
	if err != nil {
		return nil, err
	}
	var patches []spec.KustomizePatch
	for _, p := range m.pairs {
		if p.out == nil {
			continue
		}
		var paths []path
		diffPaths(nil, p.in, p.out, &paths)
		var ops []map[string]any
		for _, at := range paths {
			if m.classify(p, at) != classField || p.serverDefault(at) {
				continue
			}
			v, inHas := valueAt(p.in, at)
			_, outHas := valueAt(p.out, at)
			switch {
			case inHas && outHas:
				ops = append(ops, map[string]any{"op": "replace", "path": at.pointer(), "value": v})
			case inHas:
				ops = append(ops, map[string]any{"op": "add", "path": at.pointer(), "value": v})
			case outHas:
				ops = append(ops, map[string]any{"op": "remove", "path": at.pointer()})
			}
		}
		if len(ops) == 0 {
			continue
		}
		text, err := yaml.Marshal(ops)
		if err != nil {
			return nil, err
		}
		obj := p.out.(map[string]any)
		gv, _ := schema.ParseGroupVersion(fmt.Sprint(obj["apiVersion"]))
		patches = append(patches, spec.KustomizePatch{
			Patch:  string(text),
			Target: &spec.PatchTarget{Group: gv.Group, Version: gv.Version, Kind: kindOf(p.outKey), Name: nameOf(p.outKey)},
		})
	}
	return patches, nil
}
