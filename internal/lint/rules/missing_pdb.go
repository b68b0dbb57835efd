package rules

import (
	appsv1 "k8s.io/api/apps/v1"
	schedulingv1 "k8s.io/api/scheduling/v1"

	"github.com/agentscale/agentscale/internal/lint"
	"github.com/agentscale/agentscale/internal/spec"
)

// MissingPDB: replicated workloads that no PodDisruptionBudget protects.
var MissingPDB = &lint.Rule{
	ID:       "missing-pdb",
	Severity: lint.Warning,
	Why:      "Without a PodDisruptionBudget a node drain or Cluster Autoscaler scale-down may evict every replica at once; for hard-stateful agents that loses quorum or state.",
	Fix:      "Keep the role's default disruption (maxUnavailable: 1) or set disruption; for manifests add a PodDisruptionBudget selecting the pods.",
	Check:    checkMissingPDB,
}

func checkMissingPDB(c *lint.Context) {
	for _, w := range c.Workloads() {
		switch w.Obj.(type) {
		case *appsv1.Deployment, *appsv1.StatefulSet:
		default:
			continue // Jobs finish; drains skip DaemonSet pods
		}
		n := c.MaxReplicas(w)
		if n < 2 || len(c.PDBsFor(w)) > 0 || isPlaceholder(c, w) {
			continue // one replica cannot keep serving during a drain anyway
		}
		sev := c.Rule().Severity
		if w.Intent.State == spec.Hard {
			sev = lint.Error
		}
		c.ReportSeverity(sev, w, lint.At("", "disruption"),
			"%s %s runs up to %d replicas and no PodDisruptionBudget selects its pods", w.Kind, w.Name(), n)
	}
}

// isPlaceholder reports whether the workload's pods have a negative
// priority (overprovisioning headroom): they exist to be evicted.
func isPlaceholder(c *lint.Context, w *lint.Object) bool {
	pod, _ := w.PodTemplate()
	name := pod.Spec.PriorityClassName
	if name == "" {
		return false
	}
	pc := c.Lookup("scheduling.k8s.io", "PriorityClass", "", name)
	if pc == nil {
		return false
	}
	p, ok := pc.Obj.(*schedulingv1.PriorityClass)
	return ok && p.Value < 0
}
