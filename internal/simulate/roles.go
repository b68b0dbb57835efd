package simulate

import (
	"fmt"
	"sort"

	"github.com/agentscale/agentscale/internal/simulate/load"
	"github.com/agentscale/agentscale/internal/suggest"
)

// selectRoles picks the workloads to drive: --role, else those the load
// file names, else every autoscaled one, else all (headroom never). jobs
// are the names of plain Jobs, which are known but not simulated.
func selectRoles(ws []*workload, jobs []string, opts Options) ([]*workload, []string, error) {
	var notes []string
	byName := map[string]*workload{}
	for _, w := range ws {
		if !w.headroom {
			byName[w.name] = w
		}
	}
	isJob := map[string]bool{}
	for _, j := range jobs {
		isJob[j] = true
	}
	names := opts.Roles
	l := opts.Load
	var fileRoles []string
	for name := range l.Roles {
		fileRoles = append(fileRoles, name)
	}
	sort.Slice(fileRoles, func(a, b int) bool { return l.RoleLines[fileRoles[a]].Line < l.RoleLines[fileRoles[b]].Line })
	for _, name := range fileRoles {
		if byName[name] == nil && !isJob[name] {
			return nil, nil, &load.Error{Pos: l.RoleLines[name], Msg: fmt.Sprintf("unknown role %q%s", name, known(name, ws, jobs))}
		}
	}
	if len(names) == 0 && len(fileRoles) > 0 && l.All == nil {
		names = fileRoles
	}
	var out []*workload
	seen := map[*workload]bool{}
	for _, name := range names {
		w := byName[name]
		switch {
		case w == nil && isJob[name]:
			return nil, nil, usagef("--role %s: the role is a Job without scaling.keda; simulate models Deployments, StatefulSets and ScaledJobs", name)
		case w == nil:
			return nil, nil, usagef("--role %s: unknown role%s", name, known(name, ws, jobs))
		}
		if !seen[w] {
			out = append(out, w)
			seen[w] = true
		}
	}
	for _, name := range fileRoles {
		if w := byName[name]; len(out) > 0 && w != nil && !seen[w] {
			notes = append(notes, fmt.Sprintf("load rows for role %s are ignored: it is not selected by --role", name))
		}
	}
	if len(out) > 0 {
		sort.SliceStable(out, func(a, b int) bool { return index(ws, out[a]) < index(ws, out[b]) })
		return out, notes, nil
	}
	for _, w := range ws {
		if !w.headroom && w.autoscaled() {
			out = append(out, w)
		}
	}
	if len(out) == 0 {
		for _, w := range ws {
			if !w.headroom {
				out = append(out, w)
			}
		}
	}
	if len(out) == 0 {
		return nil, nil, usagef("nothing simulate can model: no Deployment, StatefulSet or ScaledJob (plain Jobs are not simulated)")
	}
	return out, notes, nil
}

func index(ws []*workload, w *workload) int {
	for i, x := range ws {
		if x == w {
			return i
		}
	}
	return -1
}

// known is the hint for an unknown role name: the role it probably meant,
// else the roles there are.
func known(name string, ws []*workload, jobs []string) string {
	var names []string
	for _, w := range ws {
		if !w.headroom {
			names = append(names, w.name)
		}
	}
	return suggest.Defined(name, append(names, jobs...))
}
