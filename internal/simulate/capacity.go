package simulate

import (
	"github.com/agentscale/agentscale/internal/render"

	"github.com/agentscale/agentscale/internal/simulate/cluster"
	corev1 "k8s.io/api/core/v1"
)

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
		if render.IsGPU(string(name)) {
			r.GPU += q.Value()
		}
	}
	return r
}
