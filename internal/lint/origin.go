package lint

import (
	"github.com/agentscale/agentscale/internal/manifest"
	"github.com/agentscale/agentscale/internal/spec"
)

// manifestOrigin points findings at the offending field of a manifest.
type manifestOrigin struct{ doc *manifest.Document }

func (m manifestOrigin) pos(w Where) spec.Pos { return m.doc.Pos(w.Field) }
func (m manifestOrigin) file() string         { return m.doc.Start.File }

// swarmOrigin points findings at the swarm.yaml key that produced the
// object: the role's field named by Where.Spec, else the object's source.
type swarmOrigin struct {
	sw     *spec.Swarm
	role   int
	source string
}

func (s swarmOrigin) pos(w Where) spec.Pos { return s.sw.Pos(s.path(w)) }
func (s swarmOrigin) file() string         { return s.sw.File }

// path is the spec path a Where means for this object.
func (s swarmOrigin) path(w Where) string {
	if w.Spec != "" && s.role >= 0 {
		return spec.RoleField(s.role, w.Spec)
	}
	if s.source != "" {
		return s.source
	}
	if s.role >= 0 {
		return spec.RolePath(s.role)
	}
	return "spec"
}

// field is the path a finding reports: the object's field for manifests,
// the swarm path (without "spec.") for swarms.
func field(o *Object, w Where) string {
	if s, ok := o.origin.(swarmOrigin); ok {
		p := s.path(w)
		if len(p) > 5 && p[:5] == "spec." {
			return p[5:]
		}
		return p
	}
	return w.Field
}
