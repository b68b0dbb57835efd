package spec

import (
	"maps"
	"path/filepath"
	"slices"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/agentscale/agentscale/internal/simulate/load"
	"github.com/agentscale/agentscale/internal/suggest"
)

// maxScenarioDuration is simulate's longest run: a week at 1 s steps.
const maxScenarioDuration = 7 * 24 * time.Hour

// ScenarioPath is the path of scenario i, for positions.
func ScenarioPath(i int) string { return joinIndex("spec.scenarios", i) }

// ExpectationPath is the path of one expectation of scenario i: key is a
// role name or ExpectAll, field the expectation's JSON name.
func ExpectationPath(i int, key, field string) string {
	return joinKey(joinKey(ScenarioPath(i)+".expect", key), field)
}

// scenarios checks spec.scenarios: unique names, environments, roles and
// pools that exist, a load that parses, durations in whole seconds.
func (v *validator) scenarios() {
	sp := &v.s.Spec
	roles := make([]string, len(sp.Roles))
	for i, r := range sp.Roles {
		roles[i] = r.Name
	}
	seen := map[string]int{}
	for i := range sp.Scenarios {
		sc := &sp.Scenarios[i]
		path := ScenarioPath(i)
		if first, dup := seen[sc.Name]; dup {
			v.errorf(path+".name", "duplicate scenario name %q (first defined at line %d)", sc.Name, v.s.Pos(ScenarioPath(first)+".name").Line)
		} else {
			seen[sc.Name] = i
		}
		switch {
		case load.IsPattern(sc.Load):
			if _, err := load.ParsePattern(sc.Load); err != nil {
				v.errorf(path+".load", "%v", err)
			}
		case sc.Load == "-":
			v.errorf(path+".load", "a scenario's load is a pattern or a CSV file, not stdin")
		case filepath.IsAbs(sc.Load):
			v.errorf(path+".load", "%s is absolute: name the CSV file relative to the swarm file, so the scenario runs on every checkout", sc.Load)
		}
		v.scenarioDuration(path+".duration", sc.Duration, true)
		if sc.Env != "" {
			if _, ok := sp.Environments[sc.Env]; !ok {
				v.errorf(path+".env", "environment %q is not defined in spec.environments%s", sc.Env, suggest.Defined(sc.Env, slices.Sorted(maps.Keys(sp.Environments))))
			}
		}
		for j, r := range sc.Roles {
			if !slices.Contains(roles, r) {
				v.errorf(joinIndex(path+".roles", j), "role %q is not defined in spec.roles%s", r, suggest.Defined(r, roles))
			}
		}
		for _, key := range slices.Sorted(maps.Keys(sc.Expect)) {
			kp := joinKey(path+".expect", key)
			switch {
			case key == ExpectAll:
			case !slices.Contains(roles, key):
				v.keyErrorf(kp, "role %q is not defined in spec.roles%s; use %q for every role", key, suggest.Defined(key, roles), ExpectAll)
				continue
			case len(sc.Roles) > 0 && !slices.Contains(sc.Roles, key):
				v.keyErrorf(kp, "role %q is not among this scenario's roles %v, so it is not run", key, sc.Roles)
				continue
			}
			e := sc.Expect[key]
			for _, d := range []struct {
				field string
				d     *metav1.Duration
			}{
				{"p95Wait", e.P95Wait}, {"maxWait", e.MaxWait}, {"drainedWithin", e.DrainedWithin},
				{"maxUnschedulable", e.MaxUnschedulable}, {"maxTimeAtMax", e.MaxTimeAtMax},
			} {
				v.scenarioDuration(joinKey(kp, d.field), d.d, false)
			}
		}
		if b := sc.Budget; b != nil {
			for _, pool := range slices.Sorted(maps.Keys(b.MaxNodes)) {
				if sp.NodePool(pool) == nil {
					v.keyErrorf(joinKey(path+".budget.maxNodes", pool), "node pool %q is not defined in spec.nodePools%s", pool, suggest.Defined(pool, poolNames(v.s)))
				}
			}
		}
	}
}

// scenarioDuration checks a scenario's duration (run, at least a second)
// or an expectation's bound (zero allowed): simulate measures whole seconds.
func (v *validator) scenarioDuration(path string, d *metav1.Duration, run bool) {
	if d == nil {
		return
	}
	switch x := d.Duration; {
	case x < 0:
		v.errorf(path, "%s is negative", x)
	case run && x < time.Second:
		v.errorf(path, "%s is shorter than a second: simulate steps in whole seconds", x)
	case x%time.Second != 0:
		v.errorf(path, "%s is not a whole number of seconds: simulate measures whole seconds", x)
	case x > maxScenarioDuration:
		v.errorf(path, "%s is longer than a week, simulate's longest run", x)
	}
}

// WaitObjective is the longest a task of the role should wait: the role's
// waitObjective, else from the swarm's scenarios: the strictest p95Wait
// that applies to the role (its own, else "*", in a scenario that reports
// it), else the strictest maxWait.
// The alerts hold the running swarm to what its scaling tests promise.
func (s *Swarm) WaitObjective(role string) (time.Duration, bool) {
	if r, _ := s.Spec.Role(role); r != nil && r.WaitObjective != nil && r.WaitObjective.Duration > 0 {
		return r.WaitObjective.Duration, true
	}
	var p95, maxWait time.Duration
	strictest := func(cur time.Duration, d *metav1.Duration) time.Duration {
		if d != nil && d.Duration > 0 && (cur == 0 || d.Duration < cur) {
			return d.Duration
		}
		return cur
	}
	for _, sc := range s.Spec.Scenarios {
		if len(sc.Roles) > 0 && !slices.Contains(sc.Roles, role) {
			continue
		}
		own, all := sc.Expect[role], sc.Expect[ExpectAll]
		pick := func(o, a *metav1.Duration) *metav1.Duration { // the role's own wins, as in agentscale test
			if o != nil {
				return o
			}
			return a
		}
		p95 = strictest(p95, pick(own.P95Wait, all.P95Wait))
		maxWait = strictest(maxWait, pick(own.MaxWait, all.MaxWait))
	}
	switch {
	case p95 > 0:
		return p95, true
	case maxWait > 0:
		return maxWait, true
	}
	return 0, false
}
