package rules

import (
	"fmt"
	"strings"

	"github.com/agentscale/agentscale/internal/keda"
	"github.com/agentscale/agentscale/internal/keda/catalog"
	"github.com/agentscale/agentscale/internal/lint"
)

// KEDADeadSetting: ScaledObject settings KEDA never reads because the
// workload never goes to zero or to its idle count. KEDA reads
// cooldownPeriod only in scaleToZeroOrIdle (pkg/scaling/executor/
// scale_scaledobjects.go, v2.21.0), which it calls only with
// idleReplicaCount set or minReplicaCount 0; a trigger's activation*
// threshold only decides whether the ScaledObject is active, which then
// decides only that step between zero (or idle) and one.
var KEDADeadSetting = &lint.Rule{
	ID:       "keda-dead-setting",
	Severity: lint.Warning,
	Why:      "KEDA reads cooldownPeriod and the triggers' activation thresholds only on the way to and from zero or the idle count; with minReplicaCount 1 or more and no idleReplicaCount they change nothing, and whoever tunes them is tuning nothing.",
	Fix:      "Remove them, or let the role scale to zero (replicas.min 0) or to an idle count (scaling.keda.idleReplicas) where they take effect; scale-down pace above the minimum is the HPA's (scaling.keda.behavior).",
	Check:    checkKEDADeadSetting,
}

func checkKEDADeadSetting(c *lint.Context) {
	for _, o := range c.Kind("ScaledObject") {
		so, ok := o.Obj.(*keda.ScaledObject)
		if !ok || so.Spec.IdleReplicaCount != nil || kedaMinReplicaCount(so) < 1 {
			continue
		}
		least := kedaMinReplicaCount(so)
		if so.Spec.CooldownPeriod != nil {
			c.Report(o, lint.At("spec.cooldownPeriod", "scaling.keda.cooldownPeriod"),
				"cooldownPeriod %d does nothing: ScaledObject %s never scales below minReplicaCount %d, and KEDA reads the cooldown only on the way to zero or idle",
				*so.Spec.CooldownPeriod, o.Name(), least)
		}
		for i := range so.Spec.Triggers {
			// The activation keys the trigger's scaler reads (KEDA's
			// catalogue), as the user set them in metadata.
			cfg, _ := c.Trigger(o, i)
			if cfg == nil || cfg.Scaler == nil {
				continue
			}
			for _, key := range cfg.Scaler.Keys {
				k := key.Name
				if !strings.HasPrefix(k, "activation") || cfg.Set(k)&catalog.Metadata == 0 {
					continue
				}
				c.Report(o, lint.At(fmt.Sprintf("spec.triggers[%d].metadata.%s", i, k), fmt.Sprintf("scaling.keda.triggers[%d].metadata.%s", i, k)),
					"trigger %d's %s does nothing: with minReplicaCount %d the ScaledObject's activity never changes its replicas", i, k, least)
			}
		}
	}
}
