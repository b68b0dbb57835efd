package render

import (
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/agentscale/agentscale/internal/spec"
)

// labelNamespaceName is set by the API server on every namespace.
const labelNamespaceName = "kubernetes.io/metadata.name"

// networkPolicy admits traffic to the role's pods only from the swarm's own
// pods, on declared and peer ports, and scrapes of the metrics port from the
// monitoring namespace. Egress stays open: agents call model APIs, queues
// and stores whose addresses the swarm file does not know.
func (r *renderer) networkPolicy(rc *roleContext) {
	if !r.s.Spec.NetworkPolicy {
		return
	}
	role := rc.role
	var swarmPorts []networkingv1.NetworkPolicyPort
	for _, p := range role.Ports {
		swarmPorts = append(swarmPorts, policyPort(p.Port, p.Protocol))
	}
	if p := role.Peers; p != nil && extraPort(role, p.Port) {
		swarmPorts = append(swarmPorts, policyPort(p.Port, corev1.ProtocolTCP))
	}
	var rules []networkingv1.NetworkPolicyIngressRule
	if len(swarmPorts) > 0 {
		rules = append(rules, networkingv1.NetworkPolicyIngressRule{
			From:  []networkingv1.NetworkPolicyPeer{{PodSelector: &metav1.LabelSelector{MatchLabels: map[string]string{LabelPartOf: r.s.Metadata.Name}}}},
			Ports: swarmPorts,
		})
	}
	if m := role.Metrics; m != nil {
		rules = append(rules, networkingv1.NetworkPolicyIngressRule{
			From:  []networkingv1.NetworkPolicyPeer{{NamespaceSelector: &metav1.LabelSelector{MatchLabels: map[string]string{labelNamespaceName: r.monitoringNamespace()}}}},
			Ports: []networkingv1.NetworkPolicyPort{policyPort(m.Port, corev1.ProtocolTCP)},
		})
	}
	r.add(stageNetworkPolicy, &networkingv1.NetworkPolicy{
		TypeMeta:   metav1.TypeMeta{APIVersion: "networking.k8s.io/v1", Kind: "NetworkPolicy"},
		ObjectMeta: r.meta(&rc.owner, rc.name),
		Spec: networkingv1.NetworkPolicySpec{
			PodSelector: metav1.LabelSelector{MatchLabels: r.selector(&rc.owner)},
			PolicyTypes: []networkingv1.PolicyType{networkingv1.PolicyTypeIngress},
			Ingress:     rules,
		},
	}, rc.index, "spec.networkPolicy")
}

func policyPort(port int32, proto corev1.Protocol) networkingv1.NetworkPolicyPort {
	return networkingv1.NetworkPolicyPort{Protocol: ptr(proto), Port: ptr(intstr.FromInt32(port))}
}

// monitoringNamespace is where Prometheus runs.
func (r *renderer) monitoringNamespace() string {
	if m := r.s.Spec.Monitoring; m != nil && m.Namespace != "" {
		return m.Namespace
	}
	return spec.DefaultMonitoringNamespace
}
