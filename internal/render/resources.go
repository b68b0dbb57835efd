package render

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

// Ephemeral storage an agent gets unless its resources say otherwise. The
// root filesystem is read-only, so this covers /tmp and container logs; the
// limit stops a runaway agent from filling the node's disk, which would get
// its neighbours evicted.
var (
	defaultEphemeralRequest = resource.MustParse("100Mi")
	defaultEphemeralLimit   = resource.MustParse("1Gi")
)

// containerResources copies the role's resources and fills in ephemeral
// storage: a request no larger than the limit, a limit no smaller than the
// request.
func containerResources(rr *corev1.ResourceRequirements) corev1.ResourceRequirements {
	var out corev1.ResourceRequirements
	if rr != nil {
		out = *rr.DeepCopy()
	}
	if out.Requests == nil {
		out.Requests = corev1.ResourceList{}
	}
	if out.Limits == nil {
		out.Limits = corev1.ResourceList{}
	}
	const es = corev1.ResourceEphemeralStorage
	req, hasReq := out.Requests[es]
	lim, hasLim := out.Limits[es]
	if !hasReq {
		req = defaultEphemeralRequest.DeepCopy()
		if hasLim && lim.Cmp(req) < 0 {
			req = lim.DeepCopy()
		}
		out.Requests[es] = req
	}
	if !hasLim {
		lim = defaultEphemeralLimit.DeepCopy()
		if lim.Cmp(req) < 0 {
			lim = req.DeepCopy()
		}
		out.Limits[es] = lim
	}
	return out
}

// pauseResources are headroom's: the requested room, with a memory limit
// equal to the request (a pause container uses almost none).
func pauseResources(rr corev1.ResourceRequirements) corev1.ResourceRequirements {
	out := containerResources(&rr)
	if mem, ok := out.Requests[corev1.ResourceMemory]; ok {
		if _, set := out.Limits[corev1.ResourceMemory]; !set {
			out.Limits[corev1.ResourceMemory] = mem.DeepCopy()
		}
	}
	return out
}
