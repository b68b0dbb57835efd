package render

import (
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/agentscale/agentscale/internal/spec"
)

// disruptionBudget renders a PodDisruptionBudget for every role that can
// run two or more pods and every StatefulSet. The default, maxUnavailable 1,
// never blocks a node drain (unlike minAvailable equal to the replica
// count); AlwaysAllow lets a drain evict pods that are already unhealthy,
// which a budget cannot protect anyway.
func (r *renderer) disruptionBudget(rc *roleContext) {
	d := rc.role.Disruption
	switch {
	case rc.isJob(), d != nil && d.Disabled:
		return
	case !rc.multiPod() && rc.kind != spec.WorkloadStatefulSet:
		return
	}
	pdb := &policyv1.PodDisruptionBudget{
		TypeMeta:   metav1.TypeMeta{APIVersion: "policy/v1", Kind: "PodDisruptionBudget"},
		ObjectMeta: r.meta(&rc.owner, rc.name),
		Spec: policyv1.PodDisruptionBudgetSpec{
			Selector:                   &metav1.LabelSelector{MatchLabels: r.selector(&rc.owner)},
			UnhealthyPodEvictionPolicy: ptr(policyv1.AlwaysAllow),
		},
	}
	switch {
	case d != nil && d.MinAvailable != nil:
		pdb.Spec.MinAvailable = intOrPercent(d.MinAvailable)
	case d != nil && d.MaxUnavailable != nil:
		pdb.Spec.MaxUnavailable = intOrPercent(d.MaxUnavailable)
	default:
		pdb.Spec.MaxUnavailable = ptr(intstr.FromInt32(1))
	}
	r.add(stagePDB, pdb, rc.index, rc.path("disruption"))
}

func intOrPercent(v *spec.IntOrPercent) *intstr.IntOrString {
	if v.IsPercent() {
		return ptr(intstr.FromString(v.Percent))
	}
	return ptr(intstr.FromInt32(v.Int))
}
