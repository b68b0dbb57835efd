package rules

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/agentscale/agentscale/internal/lint"
)

// MissingMemoryLimit: containers that may use all of a node's memory. CPU
// limits are deliberately not required: CPU is compressible, and a CPU limit
// throttles an agent even on an idle node. Plain init containers are
// skipped (they run alone, before the app); sidecars count; a pod-level
// limit covers every container. A LimitRange in the input whose default
// covers the container lowers the finding to an info naming it.
var MissingMemoryLimit = &lint.Rule{
	ID:       "missing-memory-limit",
	Severity: lint.Warning,
	Why:      "Memory is not compressible: a container without a memory limit can grow until the kernel OOM-kills other pods on its node, and an agent with a leaking context window will.",
	Fix:      "Set resources.limits.memory on every container (in swarm.yaml: the role's or defaults' resources.limits.memory), usually equal to or a little above the request.",
	Check:    checkMissingMemoryLimit,
}

func checkMissingMemoryLimit(c *lint.Context) {
	for _, w := range c.Workloads() {
		pod, path := w.PodTemplate()
		if podLevelLimit(pod, corev1.ResourceMemory) {
			continue // a pod-level limit bounds every container together
		}
		for _, ct := range lint.Containers(pod, path) {
			if ct.Init && !isSidecar(ct.Container) {
				continue // init containers run one at a time, before the app
			}
			if q, ok := ct.Resources.Limits[corev1.ResourceMemory]; ok && !q.IsZero() {
				continue
			}
			if lr, q, ok := c.LimitRangeDefault(w.Namespace(), corev1.ResourceMemory, true); ok {
				// Admission fills it in: worth knowing, not a finding to fix.
				c.ReportSeverity(lint.Info, w, lint.At(ct.Path+".resources", "resources"),
					"container %q has no memory limit of its own; LimitRange %s gives it %s", ct.Name, lr.Name(), q.String())
				continue
			}
			c.Report(w, lint.At(ct.Path+".resources", "resources"), "container %q has no memory limit", ct.Name)
		}
	}
}

func podLevelLimit(pod *corev1.PodTemplateSpec, r corev1.ResourceName) bool {
	if pod.Spec.Resources == nil {
		return false
	}
	q, ok := pod.Spec.Resources.Limits[r]
	return ok && !q.IsZero()
}
