package render

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/agentscale/agentscale/internal/spec"
)

// services renders the role's ClusterIP Service when it serves ports (with
// the metrics port, which its ServiceMonitor selects) and its headless
// Service (peers, and the governing Service every StatefulSet needs). A
// role that only exports metrics gets no ClusterIP Service, which nothing
// would call: a PodMonitor scrapes its pods. Job pods come and go; they
// get no Service.
func (r *renderer) services(rc *roleContext) {
	if rc.isJob() {
		return
	}
	if len(rc.role.Ports) > 0 {
		r.add(stageService, r.service(rc, rc.name, r.clusterPorts(rc)), rc.index, rc.path("ports"))
	}
	if rc.role.Peers != nil || rc.kind == spec.WorkloadStatefulSet {
		r.add(stageService, r.headless(rc), rc.index, rc.path("peers"))
	}
}

func (r *renderer) service(rc *roleContext, name string, ports []corev1.ServicePort) *corev1.Service {
	return &corev1.Service{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Service"},
		ObjectMeta: r.meta(&rc.owner, name),
		Spec: corev1.ServiceSpec{
			Type:     corev1.ServiceTypeClusterIP,
			Selector: r.selector(&rc.owner),
			Ports:    ports,
		},
	}
}

// clusterPorts are the declared ports plus the metrics port. Target ports
// are named, so a changed container port number needs no Service change.
func (r *renderer) clusterPorts(rc *roleContext) []corev1.ServicePort {
	role := rc.role
	var ports []corev1.ServicePort
	for _, p := range role.Ports {
		ports = append(ports, servicePort(p.Name, p.Port, p.Protocol))
	}
	if m := role.Metrics; m != nil && extraPort(role, m.Port) {
		ports = append(ports, servicePort(rc.metricsPort, m.Port, corev1.ProtocolTCP))
	}
	return ports
}

func servicePort(name string, port int32, proto corev1.Protocol) corev1.ServicePort {
	return corev1.ServicePort{Name: name, Port: port, TargetPort: intstr.FromString(name), Protocol: proto}
}

// headless is <name>-peers: DNS records per pod, for agents that talk to
// each other and as a StatefulSet's serviceName. Without peers it carries
// the declared ports, so per-pod DNS names have SRV records.
func (r *renderer) headless(rc *roleContext) *corev1.Service {
	var ports []corev1.ServicePort
	publish := false
	if p := rc.role.Peers; p != nil {
		ports = []corev1.ServicePort{servicePort(rc.peersPort, p.Port, corev1.ProtocolTCP)}
		publish = p.PublishNotReadyAddresses
	} else {
		for _, p := range rc.role.Ports {
			ports = append(ports, servicePort(p.Name, p.Port, p.Protocol))
		}
	}
	svc := r.service(rc, rc.name+peersSuffix, ports)
	svc.Labels[LabelHeadless] = "true"
	svc.Spec.ClusterIP = corev1.ClusterIPNone
	// A StatefulSet's governing Service gives each pod its name-N record;
	// published only once Ready, peers that must find each other to become
	// ready deadlock. Clients reach the role through its ClusterIP Service,
	// which keeps to ready pods.
	svc.Spec.PublishNotReadyAddresses = publish || rc.kind == spec.WorkloadStatefulSet
	return svc
}

// peersAddress is the DNS name and port agents use to find their peers. The
// namespace is part of it when known; otherwise the short name resolves
// through the pod's own namespace search path.
func (r *renderer) peersAddress(rc *roleContext) string {
	host := rc.name + peersSuffix
	if r.namespace != "" {
		host += "." + r.namespace + ".svc.cluster.local"
	}
	return host + ":" + itoa(rc.role.Peers.Port)
}

// serviceAccount gives each role its own identity, with no API token
// mounted unless the role asks for one.
func (r *renderer) serviceAccount(rc *roleContext) {
	m := r.meta(&rc.owner, rc.name)
	sa := rc.role.ServiceAccount
	if sa != nil {
		for k, v := range sa.Annotations {
			m.Annotations[k] = v
		}
	}
	r.add(stageServiceAccount, &corev1.ServiceAccount{
		TypeMeta:                     metav1.TypeMeta{APIVersion: "v1", Kind: "ServiceAccount"},
		ObjectMeta:                   m,
		AutomountServiceAccountToken: ptr(automount(rc.role)),
	}, rc.index, rc.path("serviceAccount"))
}
