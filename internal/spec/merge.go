package spec

import (
	"fmt"
	"sort"
	"strings"
)

// applyEnvironment merges spec.environments[name] into the document:
// namespace into metadata, defaults into spec.defaults, and each role
// override into the role of that name. Kustomize fields stay where they are;
// render applies them after rendering.
func applyEnvironment(file string, root *node, name string) ErrorList {
	spec := root.get("spec")
	envs := spec.get("environments")
	env := envs.get(name)
	if env == nil {
		var have []string
		if envs != nil {
			have = append(have, envs.keys...)
		}
		sort.Strings(have)
		msg := fmt.Sprintf("unknown environment %q", name)
		if len(have) > 0 {
			msg += " (defined: " + strings.Join(have, ", ") + ")"
		} else {
			msg += ": spec.environments defines none"
		}
		at := root.keyPosOf("spec")
		if envs != nil {
			at = spec.keyPosOf("environments")
		}
		return ErrorList{{Pos: at, Path: "environments", Msg: msg}}
	}
	if ns := env.get("namespace"); ns != nil {
		meta := root.get("metadata")
		meta.set("namespace", env.keyPosOf("namespace"), ns.clone())
	}
	if d := env.get("defaults"); d != nil {
		spec.set("defaults", env.keyPosOf("defaults"), mergeInto(spec.get("defaults"), d))
	}
	var errs ErrorList
	overrides := env.get("roles")
	roles := spec.get("roles")
	if overrides == nil {
		return nil
	}
	for i, roleName := range overrides.keys {
		idx := roleIndex(roles, roleName)
		if idx < 0 {
			errs = append(errs, &Error{
				Pos:  overrides.keyPos[i],
				Path: "environments." + name + ".roles." + roleName,
				Msg:  fmt.Sprintf("environment %q overrides role %q, which the swarm does not define", name, roleName),
			})
			continue
		}
		roles.items[idx] = mergeInto(roles.items[idx], overrides.vals[i])
	}
	return errs
}

func roleIndex(roles *node, name string) int {
	if roles == nil {
		return -1
	}
	for i, r := range roles.items {
		if n := r.get("name"); n != nil && n.value == name {
			return i
		}
	}
	return -1
}

// applyRoleDefaults merges spec.defaults under every role. The defaults
// block itself stays, so that errors in it can still be found by path.
func applyRoleDefaults(root *node) {
	spec := root.get("spec")
	defaults := spec.get("defaults")
	roles := spec.get("roles")
	if defaults == nil || defaults.kind != mapNode || roles == nil {
		return
	}
	for i, r := range roles.items {
		roles.items[i] = mergeInto(defaults, r)
	}
}
