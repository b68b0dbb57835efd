package rules

import (
	"github.com/agentscale/agentscale/internal/keda"
	"github.com/agentscale/agentscale/internal/lint"
)

// KEDAIdleReplicas: a ScaledObject whose idleReplicaCount is not below its
// minimum, as KEDA's CheckReplicaCountBoundsAreValid
// (apis/keda/v1alpha1/scaledobject_types.go, v2.21.0) computes it: the
// minimum is 0 when minReplicaCount is unset, else GetHPAMinReplicas (at
// least 1).
var KEDAIdleReplicas = &lint.Rule{
	ID:       "keda-idle-replicas",
	Severity: lint.Error,
	Why:      "KEDA refuses a ScaledObject whose idleReplicaCount is not below its minReplicaCount (\"IdleReplicaCount=N must be less than MinReplicaCount=M\"): it never creates the HPA, so the workload is not scaled at all.",
	Fix:      "Set idleReplicaCount below minReplicaCount (usually idleReplicaCount: 0 with minReplicaCount: 1 or more), or drop it.",
	Check:    checkKEDAIdleReplicas,
}

func checkKEDAIdleReplicas(c *lint.Context) {
	for _, o := range c.Kind("ScaledObject") {
		so, ok := o.Obj.(*keda.ScaledObject)
		if !ok || so.Spec.IdleReplicaCount == nil {
			continue
		}
		minimum := int32(0)
		if m := so.Spec.MinReplicaCount; m != nil {
			minimum = max(*m, 1)
		}
		if idle := *so.Spec.IdleReplicaCount; idle >= minimum {
			c.Report(o, lint.At("spec.idleReplicaCount", "scaling.keda.idleReplicas"),
				"ScaledObject %s has idleReplicaCount %d, not below its minimum of %d: KEDA rejects it", o.Name(), idle, minimum)
		}
	}
}
