package spec

import (
	"maps"
	"slices"

	"github.com/agentscale/agentscale/internal/keda/catalog"
)

// KEDATrigger is trigger t of role r as KEDA's scaler sees it: its
// metadata, the parameters its TriggerAuthentication supplies, and the
// environment of the role's container (for <key>FromEnv). validate, lint
// and simulate read triggers through it and the catalogue.
func KEDATrigger(r *Role, t *Trigger) catalog.Trigger {
	ct := catalog.Trigger{Type: t.Type, MetricType: t.MetricType, Metadata: t.Metadata}
	if a := t.Auth; a != nil {
		ct.Auth = slices.Sorted(maps.Keys(a.Params))
		if a.PodIdentity != nil {
			ct.PodIdentity = a.PodIdentity.Provider
		}
	}
	// envFrom brings variables nobody can list before the cluster runs.
	if len(r.EnvFrom) == 0 {
		names := make(map[string]bool, len(r.Env))
		for _, e := range r.Env {
			names[e.Name] = true
		}
		ct.Env = func(name string) bool { return names[name] }
	}
	return ct
}

// trigger checks trigger t (at path tp) as KEDA would read it. Keys
// already refused as plain-text credentials (told to move to auth.params)
// are not told so twice.
func (v *validator) trigger(tp string, r *Role, t *Trigger, credentials map[string]bool) {
	for _, p := range catalog.Check(KEDATrigger(r, t)) {
		if p.Where == catalog.InMetadata && p.AtKey && credentials[p.Key] {
			continue
		}
		path, atKey := tp, false
		switch p.Where {
		case catalog.InType:
			path = tp + ".type"
		case catalog.InMetricType:
			if v.s.Has(tp + ".metricType") {
				path = tp + ".metricType"
			}
		case catalog.InMetadata:
			path, atKey = tp+".metadata", p.AtKey
			if p.Key != "" {
				path = joinKey(path, p.Key)
			}
			if !v.s.Has(tp + ".metadata") {
				path = tp
			}
		case catalog.InAuth:
			path, atKey = joinKey(tp+".auth.params", p.Key), p.AtKey
			if !v.s.Has(path) {
				path, atKey = tp+".auth", false
			}
		}
		if atKey {
			v.keyErrorf(path, "%s", p.Msg)
		} else {
			v.errorf(path, "%s", p.Msg)
		}
	}
}
