package render

import (
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	schedulingv1 "k8s.io/api/scheduling/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// headroomName names the headroom objects: <swarm>-headroom.
const headroomName = "headroom"

// ExpendablePriorityCutoff is the Cluster Autoscaler's
// --expendable-pods-priority-cutoff default: it adds no node for pods below
// it and does not keep nodes for them. lint and simulate read it here.
const ExpendablePriorityCutoff = -10

// headroomPriority is below every real pod (default priority 0), so the
// scheduler pre-empts pause pods the moment an agent needs their room, and
// not below the Cluster Autoscaler's expendable cutoff, so the autoscaler
// still adds nodes for pending pause pods.
const headroomPriority = ExpendablePriorityCutoff

// headroom renders the Cluster Autoscaler overprovisioning pattern: a
// PriorityClass and a Deployment of pause pods holding warm capacity.
func (r *renderer) headroom() {
	h := r.s.Spec.Headroom
	if h == nil {
		return
	}
	name := r.s.Metadata.Name + "-" + headroomName
	o := &owner{name: headroomName, instance: name, component: ComponentHeadroom}
	r.add(stagePriorityClass, &schedulingv1.PriorityClass{
		TypeMeta:         metav1.TypeMeta{APIVersion: "scheduling.k8s.io/v1", Kind: "PriorityClass"},
		ObjectMeta:       r.clusterMeta(o, name),
		Value:            headroomPriority,
		GlobalDefault:    false,
		PreemptionPolicy: ptr(corev1.PreemptNever),
		Description:      "Pause pods that keep warm capacity for swarm " + r.s.Metadata.Name + "; any real pod pre-empts them.",
	}, -1, "spec.headroom")

	sel := r.selector(o)
	ps := corev1.PodSpec{
		PriorityClassName:             name,
		AutomountServiceAccountToken:  ptr(false),
		SecurityContext:               podSecurity(false),
		TerminationGracePeriodSeconds: ptr(int64(0)),
		Containers: []corev1.Container{{
			Name:            "pause",
			Image:           h.Image,
			Resources:       pauseResources(h.Resources),
			SecurityContext: containerSecurity(),
		}},
	}
	schedule(&ps, r.s.Spec.NodePool(h.NodePool))
	if h.Replicas >= 2 {
		ps.TopologySpreadConstraints = spread(sel, true)
		ps.Affinity = antiAffinity(sel)
	}
	m := r.meta(o, name)
	poolAnnotations(m.Annotations, r.s.Spec.NodePool(h.NodePool))
	r.add(stageWorkload, &appsv1.Deployment{
		TypeMeta:   metav1.TypeMeta{APIVersion: "apps/v1", Kind: "Deployment"},
		ObjectMeta: m,
		Spec: appsv1.DeploymentSpec{
			Replicas: ptr(h.Replicas),
			Selector: &metav1.LabelSelector{MatchLabels: sel},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: r.labels(o)},
				Spec:       ps,
			},
		},
	}, -1, "spec.headroom")
	r.headroomBudget(o, name)
}

// headroomBudget lets every pause pod go at once: they exist to be
// displaced, and a drain must never wait for them. It is explicit so that
// tools (kube-score) see the intent rather than a missing budget.
func (r *renderer) headroomBudget(o *owner, name string) {
	r.add(stagePDB, &policyv1.PodDisruptionBudget{
		TypeMeta:   metav1.TypeMeta{APIVersion: "policy/v1", Kind: "PodDisruptionBudget"},
		ObjectMeta: r.meta(o, name),
		Spec: policyv1.PodDisruptionBudgetSpec{
			Selector:                   &metav1.LabelSelector{MatchLabels: r.selector(o)},
			MaxUnavailable:             ptr(intstr.FromString("100%")),
			UnhealthyPodEvictionPolicy: ptr(policyv1.AlwaysAllow),
		},
	}, -1, "spec.headroom")
	if r.s.Spec.NetworkPolicy {
		// Pause pods serve nothing: deny all ingress.
		r.add(stageNetworkPolicy, &networkingv1.NetworkPolicy{
			TypeMeta:   metav1.TypeMeta{APIVersion: "networking.k8s.io/v1", Kind: "NetworkPolicy"},
			ObjectMeta: r.meta(o, name),
			Spec: networkingv1.NetworkPolicySpec{
				PodSelector: metav1.LabelSelector{MatchLabels: r.selector(o)},
				PolicyTypes: []networkingv1.PolicyType{networkingv1.PolicyTypeIngress},
			},
		}, -1, "spec.networkPolicy")
	}
}
