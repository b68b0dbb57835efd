package rules

import (
	appsv1 "k8s.io/api/apps/v1"

	"github.com/agentscale/agentscale/internal/lint"
)

// persistentStorage reports whether a workload's pods keep data across
// restarts and rescheduling: volumeClaimTemplates, or a volume bound to a
// PersistentVolumeClaim. emptyDir, generic ephemeral volumes and hostPath
// do not count: they die with the pod or stay behind on the node.
func persistentStorage(w *lint.Object) bool {
	if ss, ok := w.Obj.(*appsv1.StatefulSet); ok && len(ss.Spec.VolumeClaimTemplates) > 0 {
		return true
	}
	pod, _ := w.PodTemplate()
	if pod == nil {
		return false
	}
	for _, v := range pod.Spec.Volumes {
		if v.PersistentVolumeClaim != nil {
			return true
		}
	}
	return false
}
