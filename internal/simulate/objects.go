package simulate

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

// podRequests sums a pod's requests over its containers and sidecars
// (restartable init containers), as the HPA's calculateRequests does. A
// resource some container does not request is left out: the HPA cannot
// compute a utilization for it.
func podRequests(p *corev1.PodSpec) corev1.ResourceList {
	containers := append([]corev1.Container{}, p.Containers...)
	for _, c := range p.InitContainers {
		if c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways {
			containers = append(containers, c)
		}
	}
	out := corev1.ResourceList{}
	for _, name := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
		var sum resource.Quantity
		all := len(containers) > 0
		for _, c := range containers {
			q, ok := c.Resources.Requests[name]
			all = all && ok
			sum.Add(q)
		}
		if all {
			out[name] = sum
		}
	}
	return out
}
