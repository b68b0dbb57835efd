package lint

import (
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"

	"github.com/agentscale/agentscale/internal/keda"
)

// kedaDefaultMax is KEDA's maxReplicaCount when a ScaledObject omits it.
const kedaDefaultMax = 100

// MaxReplicas is the most pods a workload may run: the highest maximum of
// the autoscalers targeting it, else spec.replicas (1 when unset). Jobs
// count their parallelism.
func (ix *index) MaxReplicas(w *Object) int32 {
	var max int32
	found := false
	for _, a := range ix.AutoscalersFor(w) {
		found = true
		switch x := a.Obj.(type) {
		case *autoscalingv2.HorizontalPodAutoscaler:
			max = maxInt32(max, x.Spec.MaxReplicas)
		case *keda.ScaledObject:
			m := int32(kedaDefaultMax)
			if x.Spec.MaxReplicaCount != nil {
				m = *x.Spec.MaxReplicaCount
			}
			max = maxInt32(max, m)
		}
	}
	if found {
		return max
	}
	if j, ok := w.Obj.(*batchv1.Job); ok {
		if j.Spec.Parallelism != nil {
			return *j.Spec.Parallelism
		}
		return 1
	}
	if r := w.Replicas(); r != nil {
		return *r
	}
	return 1
}

func maxInt32(a, b int32) int32 {
	if a > b {
		return a
	}
	return b
}
