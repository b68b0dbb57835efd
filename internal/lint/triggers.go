package lint

import "github.com/agentscale/agentscale/internal/keda"

// Triggers returns the KEDA triggers of a ScaledObject or ScaledJob, with
// the field path of the list ("spec.triggers").
func Triggers(o *Object) ([]keda.ScaleTrigger, string) {
	switch x := o.Obj.(type) {
	case *keda.ScaledObject:
		return x.Spec.Triggers, "spec.triggers"
	case *keda.ScaledJob:
		return x.Spec.Triggers, "spec.triggers"
	}
	return nil, ""
}

// kafkaTriggers returns the indices of an object's kafka triggers.
func kafkaTriggers(o *Object) []int {
	ts, _ := Triggers(o)
	var out []int
	for i, t := range ts {
		if t.Type == "kafka" {
			out = append(out, i)
		}
	}
	return out
}
