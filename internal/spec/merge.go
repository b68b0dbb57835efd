package spec

import (
	"fmt"
	"github.com/agentscale/agentscale/internal/suggest"
	"sort"

	"github.com/agentscale/agentscale/internal/yamlpos"
)

// applyEnvironment merges spec.environments[name] into the document:
// namespace into metadata, defaults into spec.defaults, and each role
// override into the role of that name. Kustomize fields stay where they are;
// render applies them after rendering.
func applyEnvironment(file string, root *node, name string) ErrorList {
	spec := root.Get("spec")
	envs := spec.Get("environments")
	env := envs.Get(name)
	if env == nil {
		var have []string
		if envs != nil {
			for _, k := range envs.Keys {
				have = append(have, k.Name)
			}
		}
		sort.Strings(have)
		msg := fmt.Sprintf("unknown environment %q", name) + suggest.Defined(name, have)
		if len(have) == 0 {
			msg += ": spec.environments defines none"
		}
		at := root.KeyPos("spec")
		if envs != nil {
			at = spec.KeyPos("environments")
		}
		return ErrorList{{Pos: at, Path: "environments", Msg: msg}}
	}
	if ns := env.Get("namespace"); ns != nil {
		meta := root.Get("metadata")
		meta.Set("namespace", env.KeyPos("namespace"), ns.Clone())
	}
	if d := env.Get("defaults"); d != nil {
		spec.Set("defaults", env.KeyPos("defaults"), mergeInto(spec.Get("defaults"), d))
	}
	var errs ErrorList
	overrides := env.Get("roles")
	roles := spec.Get("roles")
	if overrides == nil {
		return nil
	}
	for i, k := range overrides.Keys {
		roleName := k.Name
		idx := roleIndex(roles, roleName)
		if idx < 0 {
			errs = append(errs, &Error{
				Pos:  k.Pos,
				Path: displayPath(joinKey(joinKey(joinKey("spec.environments", name), "roles"), roleName)),
				Msg:  fmt.Sprintf("environment %q overrides role %q, which the swarm does not define", name, roleName) + suggest.Defined(roleName, roleNames(roles)),
			})
			continue
		}
		roles.Items[idx] = mergeInto(roles.Items[idx], overrides.Vals[i])
	}
	return errs
}

func roleIndex(roles *node, name string) int {
	if roles == nil {
		return -1
	}
	for i, r := range roles.Items {
		if n := r.Get("name"); n != nil && n.Value == name {
			return i
		}
	}
	return -1
}

// applyRoleDefaults merges spec.defaults under every role. The defaults
// block itself stays, so that errors in it can still be found by path.
func applyRoleDefaults(root *node) {
	spec := root.Get("spec")
	defaults := spec.Get("defaults")
	roles := spec.Get("roles")
	if defaults == nil || defaults.Kind != yamlpos.Map || roles == nil {
		return
	}
	for i, r := range roles.Items {
		roles.Items[i] = mergeInto(defaults, r)
	}
}

// roleNames lists the names of the roles node holds, in file order.
func roleNames(roles *node) []string {
	if roles == nil {
		return nil
	}
	var names []string
	for _, r := range roles.Items {
		if n := r.Get("name"); n != nil {
			if name, ok := n.Value.(string); ok {
				names = append(names, name)
			}
		}
	}
	return names
}
