package rules

import (
	appsv1 "k8s.io/api/apps/v1"

	"github.com/agentscale/agentscale/internal/lint"
	"github.com/agentscale/agentscale/internal/spec"
)

// ClaimsDeletedOnScaleDown: an autoscaled StatefulSet whose
// persistentVolumeClaimRetentionPolicy deletes claims on scale-down
// (whenScaled: Delete): every scale-down by its autoscaler destroys the
// removed ordinals' disks. An error for a role that keeps hard state (its
// disk is the only copy), a warning otherwise.
var ClaimsDeletedOnScaleDown = &lint.Rule{
	ID:       "claims-deleted-on-scale-down",
	Severity: lint.Warning,
	Why:      "With whenScaled: Delete, the StatefulSet controller deletes the claims of the pods a scale-down removes; under an autoscaler that happens on every quiet spell, and the data on those disks is gone when the ordinals come back.",
	Fix:      "Use whenScaled: Retain (agentscale renders it), so an ordinal that returns finds its disk; delete claims on purpose when the swarm is torn down (whenDeleted).",
	Check:    checkClaimsDeletedOnScaleDown,
}

func checkClaimsDeletedOnScaleDown(c *lint.Context) {
	for _, w := range c.Kind("StatefulSet") {
		ss, ok := w.Obj.(*appsv1.StatefulSet)
		if !ok || len(ss.Spec.VolumeClaimTemplates) == 0 || len(c.AutoscalersFor(w)) == 0 {
			continue
		}
		p := ss.Spec.PersistentVolumeClaimRetentionPolicy
		if p == nil || p.WhenScaled != appsv1.DeletePersistentVolumeClaimRetentionPolicyType {
			continue
		}
		sev := lint.Warning
		if w.Intent.State == spec.Hard {
			sev = lint.Error
		}
		c.ReportSeverity(sev, w, lint.At("spec.persistentVolumeClaimRetentionPolicy.whenScaled", "storage"),
			"StatefulSet %s is autoscaled and deletes its claims on scale-down: every scale-down destroys the removed pods' disks", w.Name())
	}
}
