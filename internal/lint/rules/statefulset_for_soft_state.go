package rules

import (
	appsv1 "k8s.io/api/apps/v1"

	"github.com/agentscale/agentscale/internal/lint"
	"github.com/agentscale/agentscale/internal/spec"
)

// StatefulSetForSoftState: StatefulSets for agents that keep no state of
// their own: by declared intent (swarm state, agentscale.dev/state), or,
// when the intent is unknown, by having no persistent volume at all. A
// declared stable identity (stableIdentity, agentscale.dev/identity:
// stable) is a reason of its own: agents that shard by ordinal.
var StatefulSetForSoftState = &lint.Rule{
	ID:       "statefulset-for-soft-state",
	Severity: lint.Warning,
	Why:      "A StatefulSet buys stable identity and per-pod disks with slower rollouts and a rescheduled pod that waits for its predecessor to be gone; an agent whose state lives elsewhere pays that price for nothing.",
	Fix:      "Run the role as a Deployment (in swarm.yaml: drop workload: StatefulSet, or set state: hard and storage if the agent really owns data); if the agents need stable names (they shard by ordinal), say so with stableIdentity: true (agentscale.dev/identity: stable on a manifest).",
	Check:    checkStatefulSetForSoftState,
}

func checkStatefulSetForSoftState(c *lint.Context) {
	for _, w := range c.Kind("StatefulSet") {
		if _, ok := w.Obj.(*appsv1.StatefulSet); !ok || w.Intent.StableIdentity {
			continue
		}
		switch w.Intent.State {
		case spec.Soft, spec.Stateless:
			c.Report(w, lint.At("kind", "workload"), "StatefulSet %s runs a %s role; a Deployment fits", w.Name(), stateWord(w.Intent.State))
		case "":
			if !persistentStorage(w) {
				c.Report(w, lint.At("kind", "workload"),
					"StatefulSet %s has no volumeClaimTemplates or PersistentVolumeClaim volumes; a Deployment fits", w.Name())
			}
		}
	}
}

func stateWord(s spec.State) string {
	if s == spec.Soft {
		return "soft-stateful"
	}
	return string(s)
}
