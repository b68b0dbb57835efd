package rules

import "github.com/agentscale/agentscale/internal/lint"

// ReplicasWithAutoscaler: spec.replicas on a workload an autoscaler owns.
// It cannot fire on a swarm: render omits replicas for autoscaled roles.
var ReplicasWithAutoscaler = &lint.Rule{
	ID:       "replicas-with-autoscaler",
	Severity: lint.Warning,
	Why:      "Every kubectl apply resets spec.replicas to the manifest's value, undoing the autoscaler's choice: a scaled-up workload drops back mid-load until the next sync.",
	Fix:      "Remove spec.replicas from the manifest and let the autoscaler's min and max decide (swarm.yaml renders no replicas for autoscaled roles).",
	Check:    checkReplicasWithAutoscaler,
}

func checkReplicasWithAutoscaler(c *lint.Context) {
	for _, w := range c.Workloads() {
		r := w.Replicas()
		as := c.AutoscalersFor(w)
		if r == nil || len(as) == 0 || w.Live() {
			continue // a live object's replicas are the server's default or the autoscaler's own write
		}
		c.Report(w, lint.At("spec.replicas", "replicas"),
			"%s %s sets replicas: %d, but %s %s owns its replica count; every apply resets it",
			w.Kind, w.Name(), *r, as[0].Kind, as[0].Name())
	}
}
