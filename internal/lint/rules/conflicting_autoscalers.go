package rules

import "github.com/agentscale/agentscale/internal/lint"

// ConflictingAutoscalers: two autoscalers (HPA or ScaledObject) on one workload.
var ConflictingAutoscalers = &lint.Rule{
	ID:       "conflicting-autoscalers",
	Severity: lint.Error,
	Why:      "Two autoscalers on one workload overwrite each other's replica count every sync, so the workload flaps between their answers.",
	Fix:      "Keep one autoscaler per workload: one HPA with several metrics, or one ScaledObject with several triggers.",
	Check:    checkConflictingAutoscalers,
}

func checkConflictingAutoscalers(c *lint.Context) {
	for _, w := range c.Objects() {
		as := c.AutoscalersFor(w)
		for _, a := range as[min(1, len(as)):] {
			ref, _ := lint.ScaleTarget(a)
			c.Report(a, lint.At(ref.Path, "scaling"),
				"%s %s also scales %s %s, as %s %s does; the two will fight over its replicas",
				a.Kind, a.Name(), w.Kind, w.Name(), as[0].Kind, as[0].Name())
		}
	}
}
