package spec

import (
	"fmt"

	"github.com/agentscale/agentscale/internal/yamlpos"
)

// What defaults and environments may make of a swarm. Every role gets a
// copy of spec.defaults, and validate without --env resolves the whole
// swarm once more for each environment, so a small file can stand for a
// large amount of work: a 100 KiB defaults block under 5,000 roles is half
// a gigabyte of pod templates. A 1,000-role swarm with every feature
// resolves to about 30,000 values.
const (
	// MaxRoles bounds what one swarm renders (about six objects a role)
	// and simulates: twice the 1,000-role swarm the benchmarks measure.
	MaxRoles          = 2000
	maxResolvedValues = 200_000   // one resolved swarm (after defaults)
	maxResolvedBytes  = 16 << 20  // its keys and strings
	maxCheckedValues  = 1_000_000 // all environments checked together
)

// checkBudget refuses a swarm whose defaults or environments would expand
// it past the limits above, before any copy is made. envs is the number of
// environments that will be resolved besides the base.
func checkBudget(root *node, envs int) ErrorList {
	spec := root.Get("spec")
	defaults, roles := spec.Get("defaults"), spec.Get("roles")
	if roles != nil && roles.Kind == yamlpos.List && len(roles.Items) > MaxRoles {
		return ErrorList{{Pos: spec.KeyPos("roles"), Path: "roles",
			Msg: fmt.Sprintf("%d roles; a swarm may have at most %d: split it into swarms of its own", len(roles.Items), MaxRoles)}}
	}
	values, bytes := root.Size()
	if defaults != nil && roles != nil && roles.Kind == yamlpos.List {
		dv, db := defaults.Size()
		n := len(roles.Items)
		values += n * dv
		bytes += n * db
		if values > maxResolvedValues || bytes > maxResolvedBytes {
			return ErrorList{{Pos: spec.KeyPos("defaults"), Path: "defaults",
				Msg: fmt.Sprintf("is copied into each of the %d roles, which makes %d values and %.1f MiB of text; a swarm may resolve to at most %d values and %d MiB: move large values out of defaults",
					n, values, float64(bytes)/(1<<20), maxResolvedValues, maxResolvedBytes>>20)}}
		}
	}
	if values > maxResolvedValues || bytes > maxResolvedBytes {
		return ErrorList{{Pos: root.KeyPos("spec"), Path: "spec",
			Msg: fmt.Sprintf("resolves to %d values and %.1f MiB of text; a swarm may hold at most %d values and %d MiB", values, float64(bytes)/(1<<20), maxResolvedValues, maxResolvedBytes>>20)}}
	}
	if total := values * (1 + envs); envs > 0 && total > maxCheckedValues {
		return ErrorList{{Pos: spec.KeyPos("environments"), Path: "environments",
			Msg: fmt.Sprintf("checking all %d environments resolves the swarm %d times (%d values), more than the %d agentscale checks in one run: validate them one at a time with --env",
				envs, envs+1, total, maxCheckedValues)}}
	}
	return nil
}
