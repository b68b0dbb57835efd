package render

import (
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	schedulingv1 "k8s.io/api/scheduling/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// headroomName names the headroom objects: <swarm>-headroom.
const headroomName = "headroom"

// headroomPriority is below every real pod (default priority 0), so the
// scheduler pre-empts pause pods the moment an agent needs their room, and
// not below the Cluster Autoscaler's expendable cutoff (-10), so the
// autoscaler still adds nodes for pending pause pods.
const headroomPriority = -10

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
			Resources:       h.Resources,
			SecurityContext: containerSecurity(),
		}},
	}
	schedule(&ps, r.s.Spec.NodePool(h.NodePool))
	if h.Replicas >= 2 {
		ps.TopologySpreadConstraints = spread(sel, true)
		ps.Affinity = antiAffinity(sel)
	}
	m := r.meta(o, name)
	if p := r.s.Spec.NodePool(h.NodePool); p != nil {
		m.Annotations[AnnotationNodePool] = p.Name
		m.Annotations[AnnotationAllocatable] = formatResources(p.Allocatable)
	}
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
}
