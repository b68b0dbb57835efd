package lint

import (
	"github.com/agentscale/agentscale/internal/keda"
	"github.com/agentscale/agentscale/internal/keda/catalog"
)

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

// Trigger reads trigger i of o as KEDA's scaler does (the one reader of
// trigger metadata, internal/keda/catalog), with the parameters its
// TriggerAuthentication supplies when that is among the objects, and the
// scale target's container variables for <key>FromEnv when it is. The
// Config is nil for a type KEDA does not have.
func (ix *index) Trigger(o *Object, i int) (*catalog.Config, []catalog.Problem) {
	ts, _ := Triggers(o)
	t := ts[i]
	ct := catalog.Trigger{Type: t.Type, MetricType: string(t.MetricType), Metadata: t.Metadata}
	if ref := t.AuthenticationRef; ref != nil {
		ct.AuthUnknown = true
		if ref.Kind == "" || ref.Kind == "TriggerAuthentication" {
			if a := ix.Lookup("keda.sh", "TriggerAuthentication", o.Namespace(), ref.Name); a != nil {
				if ta, ok := a.Obj.(*keda.TriggerAuthentication); ok && ta.Spec.PodIdentity == nil {
					ct.AuthUnknown = false
					for _, r := range ta.Spec.SecretTargetRef {
						ct.Auth = append(ct.Auth, r.Parameter)
					}
				}
			}
		}
	}
	if w := ix.TargetOf(o); w != nil {
		ct.Env = containerEnv(w)
	}
	return catalog.Read(ct)
}

// containerEnv reports the variables a workload's containers define, or
// nil when envFrom brings some nobody can list.
func containerEnv(w *Object) func(string) bool {
	pod, _ := w.PodTemplate()
	if pod == nil {
		return nil
	}
	names := map[string]bool{}
	for _, c := range pod.Spec.Containers {
		if len(c.EnvFrom) > 0 {
			return nil
		}
		for _, e := range c.Env {
			names[e.Name] = true
		}
	}
	return func(n string) bool { return names[n] }
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
