package lint

import (
	"github.com/agentscale/agentscale/internal/render"
	"github.com/agentscale/agentscale/internal/spec"
)

// swarmObjects wraps the objects rendered from sw with the intent the swarm
// declares and the suppressions of their roles.
func swarmObjects(sw *spec.Swarm, rendered []render.Object) []*Object {
	out := make([]*Object, 0, len(rendered))
	for _, r := range rendered {
		gvk := r.Obj.GetObjectKind().GroupVersionKind()
		o := &Object{
			Obj:        r.Obj,
			Kind:       gvk.Kind,
			APIVersion: gvk.GroupVersion().String(),
			origin:     swarmOrigin{sw: sw, role: r.Role, source: r.Source},
			Intent:     Intent{FromSwarm: true},
		}
		if r.Role >= 0 && r.Role < len(sw.Spec.Roles) {
			o.Intent = roleIntent(sw, &sw.Spec.Roles[r.Role])
		}
		out = append(out, o)
	}
	return out
}

// roleIntent is what the swarm says about a role's objects.
func roleIntent(sw *spec.Swarm, role *spec.Role) Intent {
	in := Intent{Role: role.Name, State: role.State, StableIdentity: role.StableIdentity, FromSwarm: true}
	if env, ok := sw.Spec.Environments[sw.Env]; ok && sw.Env != "" && env.Kustomize != nil {
		in.Images = env.Kustomize.Images
	}
	for i := range sw.Spec.NodePools {
		if p := &sw.Spec.NodePools[i]; p.Name == role.NodePool {
			in.Pool = p
		}
	}
	if role.Scaling != nil && role.Scaling.KEDA != nil {
		for i, t := range role.Scaling.KEDA.Triggers {
			if t.Partitions != nil {
				if in.Partitions == nil {
					in.Partitions = map[int]int32{}
				}
				in.Partitions[i] = *t.Partitions
			}
		}
	}
	return in
}
