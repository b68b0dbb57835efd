package importer

import (
	"fmt"

	"github.com/agentscale/agentscale/internal/build"
	"github.com/agentscale/agentscale/internal/render"
	"github.com/agentscale/agentscale/internal/spec"
)

// Output is a finished import: the swarm file, and what its render still
// changes about the input.
type Output struct {
	Swarm *spec.Swarm
	// YAML is the swarm file as import writes it.
	YAML []byte
	// Notes are what the import inferred or left out, and every difference
	// that remains between the input and `render --env imported`.
	Notes []Note
	// Carried is how many objects have patches in spec.environments.imported.
	Carried int
}

// Run imports objs, carries what the format cannot say into the imported
// environment's patches, and checks the result: the swarm must validate,
// and its render is compared with the input.
func Run(objs []render.KubeObject, opts Options) (*Output, error) {
	res, err := Import(objs, opts)
	if err != nil {
		return nil, err
	}
	out := &Output{Swarm: res.Swarm, Notes: res.Notes}
	base, err := check(res.Swarm, "")
	if err != nil {
		return nil, err
	}
	patches, err := Carry(objs, res.Roles, base)
	if err != nil {
		return nil, err
	}
	rendered := base
	if len(patches) > 0 {
		carry := func(ps []spec.KustomizePatch) ([]render.Object, error) {
			res.Swarm.Spec.Environments = map[string]spec.Environment{CarryEnv: {Kustomize: &spec.Kustomize{Patches: ps}}}
			return check(res.Swarm, CarryEnv)
		}
		if rendered, err = carry(patches); err != nil {
			// A value the API server would refuse (a port 0, a port name
			// too long) is the input's own problem: its patch is left
			// out, and said so; the others are kept.
			var kept []spec.KustomizePatch
			for _, p := range patches {
				if _, perr := carry([]spec.KustomizePatch{p}); perr != nil {
					out.Notes = append(out.Notes, Note{Object: refOf(p.Target.Kind, res.Swarm.Metadata.Namespace, p.Target.Name), Msg: "the input's values are not carried: rendering them fails (" + perr.Error() + ")"})
					continue
				}
				kept = append(kept, p)
			}
			patches = kept
			if rendered, err = carry(patches); err != nil {
				return nil, err
			}
		}
		if len(patches) == 0 {
			res.Swarm.Spec.Environments = nil
			rendered = base
		}
		out.Carried = len(patches)
	}
	if out.YAML, err = Marshal(res.Swarm); err != nil {
		return nil, err
	}
	diffs, err := Compare(objs, res.Roles, rendered)
	if err != nil {
		return nil, err
	}
	out.Notes = append(out.Notes, diffs...)
	return out, nil
}

// check writes the swarm, reads it back as a user's file would be read,
// and renders it (with env, when given).
func check(sw *spec.Swarm, env string) ([]render.Object, error) {
	data, err := Marshal(sw)
	if err != nil {
		return nil, err
	}
	back, errs := spec.Parse("swarm.yaml", data, spec.Options{Env: env})
	if len(errs) > 0 {
		// Something the manifests hold that no swarm can (a name that is
		// no DNS label, a value outside the format's bounds).
		e := errs[0]
		return nil, fmt.Errorf("the manifests cannot be written as a valid swarm: %s: %s", e.Path, e.Msg)
	}
	objs, err := build.Objects(back, build.Options{})
	if err != nil {
		return nil, fmt.Errorf("rendering the imported swarm: %w", err)
	}
	return objs, nil
}
