package spec

import (
	"slices"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// Implicit defaults, applied after decoding so that every consumer (render,
// lint, simulate) reads one settled value instead of re-deciding it.
const (
	DefaultMetricsPath         = "/metrics"
	DefaultPauseImage          = "registry.k8s.io/pause:3.10"
	DefaultMonitoringNamespace = "monitoring"
	// DefaultDashboardFolder is the Grafana folder of swarm dashboards.
	DefaultDashboardFolder     = "Agents"
	DefaultTasksPerSecond      = 1.0
	DefaultStartupSeconds      = 30
	DefaultProvisionSeconds    = 90
	DefaultKEDAPollingInterval = 30  // KEDA's own default, seconds
	DefaultKEDACooldownPeriod  = 300 // KEDA's own default, seconds
	DefaultHPATolerance        = 0.1
)

func setImplicitDefaults(s *Swarm) {
	for i := range s.Spec.Roles {
		r := &s.Spec.Roles[i]
		if r.State == "" {
			r.State = Stateless
		}
		if r.Replicas == nil {
			r.Replicas = &Replicas{Min: 1, Max: 1, Fixed: true}
		}
		if r.Metrics != nil && r.Metrics.Path == "" {
			r.Metrics.Path = DefaultMetricsPath
		}
		for j := range r.Ports {
			if r.Ports[j].Protocol == "" {
				r.Ports[j].Protocol = "TCP"
			}
		}
		defaultProbePorts(r)
	}
	if h := s.Spec.Headroom; h != nil && h.Image == "" {
		h.Image = DefaultPauseImage
	}
	if h := s.Spec.Headroom; h != nil && h.NodePool == "" {
		if pools := s.Spec.HeadroomPools(); len(pools) == 1 && s.Spec.NodePool(pools[0]) != nil {
			h.NodePool = pools[0]
		}
	}
}

// defaultProbePorts gives a probe that names no port the role's serving
// port (the first of ports, by name), or its metrics port when it serves
// nothing. Readiness must follow the server that takes traffic: a probe on
// the metrics port keeps a pod in the Service while its server is down. So
// spec.defaults can say "probe /healthz" once for roles on different ports.
func defaultProbePorts(r *Role) {
	if r.Probes == nil {
		return
	}
	var port intstr.IntOrString // httpGet and tcpSocket: the name when there is one
	var number int32            // grpc takes a number only
	switch {
	case len(r.Ports) > 0:
		number, port = r.Ports[0].Port, intstr.FromInt32(r.Ports[0].Port)
		if r.Ports[0].Name != "" {
			port = intstr.FromString(r.Ports[0].Name)
		}
	case r.Metrics != nil && r.Metrics.Port != 0:
		number, port = r.Metrics.Port, intstr.FromInt32(r.Metrics.Port)
	default:
		return // validation says the probe needs a port
	}
	for _, p := range []*corev1.Probe{r.Probes.Readiness, r.Probes.Liveness, r.Probes.Startup} {
		switch {
		case p == nil:
		case p.HTTPGet != nil && p.HTTPGet.Port == (intstr.IntOrString{}):
			p.HTTPGet.Port = port
		case p.TCPSocket != nil && p.TCPSocket.Port == (intstr.IntOrString{}):
			p.TCPSocket.Port = port
		case p.GRPC != nil && p.GRPC.Port == 0:
			p.GRPC.Port = number
		}
	}
}

// HeadroomPools are the node pools the headroom could serve: those of the
// autoscaled roles (the ones that need room fast), or of every role when
// none is autoscaled, in first-seen order. Headroom held elsewhere holds
// room no agent can use, so a headroom without a nodePool takes the one
// pool here, and validation asks for one when there are several.
func (s *SwarmSpec) HeadroomPools() []string {
	var scaled, all []string
	for i := range s.Roles {
		r := &s.Roles[i]
		if r.NodePool == "" {
			continue
		}
		if !slices.Contains(all, r.NodePool) {
			all = append(all, r.NodePool)
		}
		if r.Autoscaler() != "" && !slices.Contains(scaled, r.NodePool) {
			scaled = append(scaled, r.NodePool)
		}
	}
	if len(scaled) > 0 {
		return scaled
	}
	return all
}

// WorkloadKind is the kind of workload rendered for the role: its explicit
// `workload`, else StatefulSet for hard state or a stable identity, and
// Deployment otherwise.
func (r *Role) WorkloadKind() string {
	switch {
	case r.Workload != "":
		return r.Workload
	case r.State == Hard, r.StableIdentity:
		return WorkloadStatefulSet
	default:
		return WorkloadDeployment
	}
}

// Autoscaler reports which autoscaler owns the role: "hpa", "keda" or "".
func (r *Role) Autoscaler() string {
	switch {
	case r.Scaling == nil:
		return ""
	case r.Scaling.HPA != nil:
		return "hpa"
	case r.Scaling.KEDA != nil:
		return "keda"
	}
	return ""
}

// TasksPerSecond is what one ready replica of the role processes:
// simulation.tasksPerSecond, else DefaultTasksPerSecond.
func (r *Role) TasksPerSecond() float64 {
	if r.Simulation != nil && r.Simulation.TasksPerSecond != nil {
		return *r.Simulation.TasksPerSecond
	}
	return DefaultTasksPerSecond
}

// MaxPods is the largest number of pods the role can run.
func (r *Role) MaxPods() int32 {
	if r.Replicas == nil {
		return 1
	}
	return r.Replicas.Max
}

// NodePool returns the named pool, or nil.
func (s *SwarmSpec) NodePool(name string) *NodePool {
	for i := range s.NodePools {
		if s.NodePools[i].Name == name {
			return &s.NodePools[i]
		}
	}
	return nil
}

// Role returns the named role and its index, or nil and -1.
func (s *SwarmSpec) Role(name string) (*Role, int) {
	for i := range s.Roles {
		if s.Roles[i].Name == name {
			return &s.Roles[i], i
		}
	}
	return nil, -1
}
