package render

import (
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

// defaultTmpSize bounds the /tmp emptyDir unless the role's resources set an
// ephemeral-storage limit. A runaway agent that fills /tmp is evicted before
// it fills the node's disk and gets its neighbours evicted.
//
// No ephemeral-storage request or limit is rendered by default: the Cluster
// Autoscaler builds the template node of an empty node group from the
// cloud's description, and on AWS that template has no ephemeral storage
// unless the ASG carries the node-template tag, so a pod requesting any
// never fits it and a pool at minNodes 0 never scales up. A limit alone
// would be defaulted into a request by the API server, so it goes too. The
// root filesystem is read-only, so /tmp (bounded here) and container logs
// (rotated by the kubelet) are what an agent writes.
var defaultTmpSize = resource.MustParse("1Gi")

// containerResources copies the role's resources; the empty lists are left
// out so the output has no `limits: {}`.
func containerResources(rr *corev1.ResourceRequirements) corev1.ResourceRequirements {
	var out corev1.ResourceRequirements
	if rr != nil {
		out = *rr.DeepCopy()
	}
	return out
}

// tmpSize is the /tmp emptyDir's sizeLimit: the container's own
// ephemeral-storage limit when it sets one, else defaultTmpSize.
func tmpSize(rr corev1.ResourceRequirements) *resource.Quantity {
	if lim, ok := rr.Limits[corev1.ResourceEphemeralStorage]; ok {
		return ptr(lim.DeepCopy())
	}
	return ptr(defaultTmpSize.DeepCopy())
}

// IsGPU reports whether name (an extended resource, or a taint's key) is a
// GPU: any vendor's */gpu (nvidia.com/gpu, amd.com/gpu). simulate counts
// them and lint checks GPU pools by this one rule.
func IsGPU(name string) bool { return strings.HasSuffix(name, "/gpu") }

// pauseResources are headroom's: the requested room, with a memory limit
// equal to the request (a pause container uses almost none).
func pauseResources(rr corev1.ResourceRequirements) corev1.ResourceRequirements {
	out := containerResources(&rr)
	if mem, ok := out.Requests[corev1.ResourceMemory]; ok {
		if _, set := out.Limits[corev1.ResourceMemory]; !set {
			if out.Limits == nil {
				out.Limits = corev1.ResourceList{}
			}
			out.Limits[corev1.ResourceMemory] = mem.DeepCopy()
		}
	}
	return out
}
