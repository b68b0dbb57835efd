package rules

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

// podRequests is what the scheduler reserves for one pod, computed as
// Kubernetes does (k8s.io/component-helpers/resource.PodRequests): the app
// containers and sidecars together, or the largest init container started
// beside the sidecars before it, whichever is more; plus the pod overhead.
// A container's limit stands in for a request it does not set.
func podRequests(pod *corev1.PodSpec) corev1.ResourceList {
	sum := corev1.ResourceList{}
	for i := range pod.Containers {
		addResources(sum, containerRequests(&pod.Containers[i]))
	}
	sidecars := corev1.ResourceList{}
	maxInit := corev1.ResourceList{}
	for i := range pod.InitContainers {
		ct := &pod.InitContainers[i]
		req := containerRequests(ct)
		if isSidecar(ct) {
			addResources(sum, req)
			addResources(sidecars, req)
			req = sidecars.DeepCopy()
		} else {
			step := sidecars.DeepCopy()
			addResources(step, req)
			req = step
		}
		maxResources(maxInit, req)
	}
	maxResources(sum, maxInit)
	addResources(sum, pod.Overhead)
	return sum
}

// containerRequests is a container's requests, with limits filling the
// resources it does not request (API server defaulting).
func containerRequests(ct *corev1.Container) corev1.ResourceList {
	out := ct.Resources.Requests.DeepCopy()
	if out == nil {
		out = corev1.ResourceList{}
	}
	for r, q := range ct.Resources.Limits {
		if _, ok := out[r]; !ok {
			out[r] = q.DeepCopy()
		}
	}
	return out
}

func addResources(into, add corev1.ResourceList) {
	for r, q := range add {
		sum := into[r]
		sum.Add(q)
		into[r] = sum
	}
}

func maxResources(into, other corev1.ResourceList) {
	for r, q := range other {
		if cur, ok := into[r]; !ok || q.Cmp(cur) > 0 {
			into[r] = q.DeepCopy()
		}
	}
}

// quantityTimes returns q × n. Mul falls back to exact decimals past int64, so
// its "inexact" result is still the right product.
func quantityTimes(q resource.Quantity, n int64) resource.Quantity {
	out := q.DeepCopy()
	out.Mul(n)
	return out
}
