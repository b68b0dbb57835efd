package rules

import (
	schedulingv1 "k8s.io/api/scheduling/v1"

	"github.com/agentscale/agentscale/internal/lint"
	"github.com/agentscale/agentscale/internal/render"
)

// ExpendableHeadroom: placeholder pods (a negative PriorityClass in the
// input) whose priority is below the Cluster Autoscaler's expendable cutoff.
// Pending, they never cause a scale-up, so the headroom they were meant to
// hold never exists.
var ExpendableHeadroom = &lint.Rule{
	ID:       "expendable-headroom",
	Severity: lint.Warning,
	Why:      "The Cluster Autoscaler ignores pods below its expendable cutoff (priority -10 by default): pending pause pods at a lower priority never make it add a node, so the warm capacity they stand for is not there when agents need it.",
	Fix:      "Give the pause pods a PriorityClass of -10 up to -1 (agentscale renders -10): below every real pod, so they are pre-empted, but not expendable.",
	Check:    checkExpendableHeadroom,
}

func checkExpendableHeadroom(c *lint.Context) {
	for _, w := range c.Workloads() {
		pod, path := w.PodTemplate()
		if pod == nil || pod.Spec.PriorityClassName == "" {
			continue
		}
		pc := c.Lookup("scheduling.k8s.io", "PriorityClass", "", pod.Spec.PriorityClassName)
		if pc == nil {
			continue
		}
		x, ok := pc.Obj.(*schedulingv1.PriorityClass)
		if !ok || x.Value >= render.ExpendablePriorityCutoff {
			continue
		}
		c.Report(w, lint.At(path+".spec.priorityClassName", "headroom"),
			"%s %s runs at priority %d (PriorityClass %s), below the Cluster Autoscaler's expendable cutoff of %d: its pending pods never add a node",
			w.Kind, w.Name(), x.Value, x.Name, render.ExpendablePriorityCutoff)
	}
}
