package simulate

import (
	"fmt"
	"sort"
	"strings"

	"github.com/agentscale/agentscale/internal/simulate/load"
	"github.com/agentscale/agentscale/internal/spec"
)

// selectRoles picks the roles to drive: --role, else those the load file
// names, else every autoscaled role, else all.
func selectRoles(s *spec.Swarm, opts Options) ([]int, []string, error) {
	var notes []string
	names := opts.Roles
	l := opts.Load
	var fileRoles []string
	for name := range l.Roles {
		fileRoles = append(fileRoles, name)
	}
	sort.Slice(fileRoles, func(a, b int) bool { return l.RoleLines[fileRoles[a]].Line < l.RoleLines[fileRoles[b]].Line })
	for _, name := range fileRoles {
		if r, _ := s.Spec.Role(name); r == nil {
			return nil, nil, &load.Error{Pos: l.RoleLines[name], Msg: fmt.Sprintf("unknown role %q%s", name, known(s))}
		}
	}
	if len(names) == 0 && len(fileRoles) > 0 && l.All == nil {
		names = fileRoles
	}
	var idx []int
	seen := map[int]bool{}
	for _, name := range names {
		r, i := s.Spec.Role(name)
		if r == nil {
			return nil, nil, usagef("--role %s: unknown role%s", name, known(s))
		}
		if !simulated(r) {
			return nil, nil, usagef("--role %s: the role is a Job without scaling.keda; simulate models Deployments, StatefulSets and ScaledJobs", name)
		}
		if !seen[i] {
			idx = append(idx, i)
			seen[i] = true
		}
	}
	for _, name := range fileRoles {
		if _, i := s.Spec.Role(name); len(idx) > 0 && !seen[i] {
			notes = append(notes, fmt.Sprintf("load rows for role %s are ignored: it is not selected by --role", name))
		}
	}
	if len(idx) > 0 {
		sort.Ints(idx)
		return idx, notes, nil
	}
	for i := range s.Spec.Roles {
		r := &s.Spec.Roles[i]
		if r.Autoscaler() != "" && simulated(r) {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		for i := range s.Spec.Roles {
			if simulated(&s.Spec.Roles[i]) {
				idx = append(idx, i)
			}
		}
	}
	if len(idx) == 0 {
		return nil, nil, usagef("the swarm has no role simulate can model (Jobs without scaling.keda are not simulated)")
	}
	return idx, notes, nil
}

func known(s *spec.Swarm) string {
	names := make([]string, len(s.Spec.Roles))
	for i, r := range s.Spec.Roles {
		names[i] = r.Name
	}
	return " (roles: " + strings.Join(names, ", ") + ")"
}

// simulated reports whether the model covers the role: every Deployment
// and StatefulSet, and Jobs that KEDA starts (ScaledJobs).
func simulated(r *spec.Role) bool {
	return r.WorkloadKind() != spec.WorkloadJob || r.Autoscaler() == "keda"
}
