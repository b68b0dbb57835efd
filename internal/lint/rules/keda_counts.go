package rules

import (
	"github.com/agentscale/agentscale/internal/keda"
	"github.com/agentscale/agentscale/internal/lint"
)

// kedaDefaultMaxReplicas is KEDA's maxReplicaCount when omitted (ScaledObject and ScaledJob).
const kedaDefaultMaxReplicas = 100

// kedaMaxReplicas is a ScaledObject's or ScaledJob's maxReplicaCount.
func kedaMaxReplicas(o *lint.Object) (int32, bool) {
	var max *int32
	switch x := o.Obj.(type) {
	case *keda.ScaledObject:
		max = x.Spec.MaxReplicaCount
	case *keda.ScaledJob:
		max = x.Spec.MaxReplicaCount
	default:
		return 0, false
	}
	if max == nil {
		return kedaDefaultMaxReplicas, true
	}
	return *max, true
}

// kedaMinReplicaCount is a ScaledObject's minReplicaCount, KEDA's 0 when
// unset.
func kedaMinReplicaCount(so *keda.ScaledObject) int32 {
	if so.Spec.MinReplicaCount == nil {
		return 0
	}
	return *so.Spec.MinReplicaCount
}
