package rules

import (
	"github.com/agentscale/agentscale/internal/lint"
	"github.com/agentscale/agentscale/internal/spec"
)

// HardStateWithoutStorage: hard-stateful agents whose state has nowhere to
// survive a restart. Only volumeClaimTemplates and PersistentVolumeClaim
// volumes count; emptyDir and generic ephemeral volumes die with the pod.
// Objects without declared state are left to statefulset-for-soft-state.
var HardStateWithoutStorage = &lint.Rule{
	ID:       "hard-state-without-storage",
	Severity: lint.Error,
	Why:      "A hard-stateful agent owns data no one else keeps; without a persistent volume that data is gone on every restart, reschedule or node drain.",
	Fix:      "Give the role storage (size and mountPath) in swarm.yaml; in a manifest add volumeClaimTemplates to the StatefulSet.",
	Check:    checkHardStateWithoutStorage,
}

func checkHardStateWithoutStorage(c *lint.Context) {
	for _, w := range c.Workloads() {
		if w.Intent.State != spec.Hard || persistentStorage(w) {
			continue
		}
		c.Report(w, lint.At(stateAnnotationPath(w), "state"),
			"%s %s is hard-stateful but has no persistent volume: its state is lost whenever a pod is replaced", w.Kind, w.Name())
	}
}

// stateAnnotationPath is where a manifest declares agentscale.dev/state:
// on the object, or on its pod template.
func stateAnnotationPath(w *lint.Object) string {
	key := `.annotations["` + lint.AnnotationState + `"]`
	if _, ok := w.Obj.GetAnnotations()[lint.AnnotationState]; ok {
		return "metadata" + key
	}
	if pod, path := w.PodTemplate(); pod != nil {
		if _, ok := pod.Annotations[lint.AnnotationState]; ok && path != "" {
			return path + ".metadata" + key
		}
	}
	return "metadata" + key
}
