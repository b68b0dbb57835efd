package render

import (
	"github.com/agentscale/agentscale/internal/spec"
)

// Names of the ports render adds beside the role's declared ones.
const (
	metricsPortName = "metrics"
	peersPortName   = "peers"
	peersSuffix     = "-peers"
)

// roleContext is what every object of one role needs to know.
type roleContext struct {
	index int
	role  *spec.Role
	name  string // <swarm>-<role>: the name of the role's objects
	owner owner
	kind  string         // Deployment, StatefulSet or Job
	pool  *spec.NodePool // nil when the role names none
	// metricsPort is the name of the port Prometheus scrapes ("" without metrics).
	metricsPort string
	// peersPort is the name of the peer port ("" without peers).
	peersPort string
}

func (r *renderer) newRoleContext(i int, role *spec.Role) *roleContext {
	rc := &roleContext{
		index: i,
		role:  role,
		name:  r.s.ObjectName(role.Name),
		kind:  role.WorkloadKind(),
		pool:  r.s.Spec.NodePool(role.NodePool),
	}
	rc.owner = owner{
		name:      role.Name,
		instance:  rc.name,
		component: ComponentAgent,
		labels:    role.Labels,
		annots:    role.Annotations,
		role:      role.Name,
	}
	rc.owner.ignore, rc.owner.ignoreReason = suppressions(role.Lint)
	if m := role.Metrics; m != nil {
		rc.metricsPort = portName(role, m.Port, metricsPortName)
	}
	if p := role.Peers; p != nil {
		rc.peersPort = portName(role, p.Port, peersPortName)
		if m := role.Metrics; m != nil && m.Port == p.Port {
			rc.peersPort = rc.metricsPort
		}
	}
	return rc
}

// path is the spec path of a field of the role.
func (rc *roleContext) path(field string) string { return spec.RoleField(rc.index, field) }

// autoscaled reports whether an autoscaler owns the replica count.
func (rc *roleContext) autoscaled() bool { return rc.role.Autoscaler() != "" }

// multiPod reports whether the role can run two or more pods.
func (rc *roleContext) multiPod() bool { return rc.role.MaxPods() >= 2 }

// isJob reports whether the role runs Jobs (batch/v1 or a KEDA ScaledJob).
func (rc *roleContext) isJob() bool { return rc.kind == spec.WorkloadJob }

// portName is the name of a declared port with this number, else fallback:
// a metrics or peer port that is also a declared port is not duplicated.
func portName(role *spec.Role, port int32, fallback string) string {
	for _, p := range role.Ports {
		if p.Port == port {
			return p.Name
		}
	}
	return fallback
}

// extraPort reports whether port is not among the role's declared ports.
func extraPort(role *spec.Role, port int32) bool {
	for _, p := range role.Ports {
		if p.Port == port {
			return false
		}
	}
	return true
}
