package rules

import (
	"github.com/agentscale/agentscale/internal/lint"
)

// OverlappingPDBs: pods selected by more than one PodDisruptionBudget. The
// eviction API refuses to evict such a pod ("This pod has more than one
// PodDisruptionBudget, which the eviction subresource does not support",
// pkg/registry/core/pod/storage/eviction.go), so a drain waits forever.
// Each pair is reported once, at the later budget.
var OverlappingPDBs = &lint.Rule{
	ID:       "overlapping-pdbs",
	Severity: lint.Error,
	Why:      "The eviction API refuses to evict a pod that more than one PodDisruptionBudget selects, so node drains, upgrades and Cluster Autoscaler scale-down stall on it.",
	Fix:      "Give each workload's pods exactly one budget: narrow the selectors (for example by app.kubernetes.io/instance) or merge the budgets; swarm.yaml renders one per role.",
	Check:    checkOverlappingPDBs,
}

func checkOverlappingPDBs(c *lint.Context) {
	seen := map[[2]*lint.Object]bool{}
	for _, w := range c.Workloads() {
		pdbs := c.PDBsFor(w)
		for i := 1; i < len(pdbs); i++ {
			pair := [2]*lint.Object{pdbs[0], pdbs[i]}
			if seen[pair] {
				continue
			}
			seen[pair] = true
			c.Report(pdbs[i], lint.At("spec.selector", "disruption"),
				"PodDisruptionBudgets %s and %s both select the pods of %s %s: the eviction API refuses to evict them",
				pdbs[0].Name(), pdbs[i].Name(), w.Kind, w.Name())
		}
	}
}
