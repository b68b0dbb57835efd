package simulate

import (
	"strings"

	"github.com/agentscale/agentscale/internal/simulate/cluster"
	"github.com/agentscale/agentscale/internal/spec"
	corev1 "k8s.io/api/core/v1"
)

// initialReplicas is the steady state before any load: the minimum, or
// KEDA's idle count.
func initialReplicas(r *spec.Role) int32 {
	if r.WorkloadKind() == spec.WorkloadJob {
		return 0 // a ScaledJob starts Jobs only for queued events
	}
	if r.Autoscaler() == "keda" && r.Scaling.KEDA.IdleReplicas != nil {
		return *r.Scaling.KEDA.IdleReplicas
	}
	return r.Replicas.Min
}

// budget is the PodDisruptionBudget render gives the role: none for Jobs,
// single-pod Deployments or `disruption: false`, else the role's, else
// maxUnavailable 1.
func budget(r *spec.Role) *cluster.Budget {
	d := r.Disruption
	if r.WorkloadKind() == spec.WorkloadJob || (d != nil && d.Disabled) || (r.MaxPods() < 2 && r.WorkloadKind() != spec.WorkloadStatefulSet) {
		return nil
	}
	one := int32(1)
	switch {
	case d != nil && d.MinAvailable != nil:
		return &cluster.Budget{MinAvailable: &d.MinAvailable.Int, Percent: d.MinAvailable.IsPercent()}
	case d != nil && d.MaxUnavailable != nil:
		return &cluster.Budget{MaxUnavailable: &d.MaxUnavailable.Int, Percent: d.MaxUnavailable.IsPercent()}
	}
	return &cluster.Budget{MaxUnavailable: &one}
}

// resources reads cpu (millicores), memory (bytes), pods and GPUs (every
// */gpu extended resource) from a list.
func resources(l corev1.ResourceList, defaultPods int64) cluster.Resources {
	r := cluster.Resources{Pods: defaultPods}
	if q, ok := l[corev1.ResourceCPU]; ok {
		r.CPU = q.MilliValue()
	}
	if q, ok := l[corev1.ResourceMemory]; ok {
		r.Mem = q.Value()
	}
	if q, ok := l[corev1.ResourcePods]; ok {
		r.Pods = q.Value()
	}
	for name, q := range l {
		if strings.HasSuffix(string(name), "/gpu") {
			r.GPU += q.Value()
		}
	}
	return r
}
