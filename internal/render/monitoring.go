package render

import "github.com/agentscale/agentscale/internal/promsel"

// monitoring renders the swarm-level monitoring objects: the alerts. (The
// adapter rules are no object of the swarm's: see Adapter.)
func (r *renderer) monitoring() {
	m := r.s.Spec.Monitoring
	if m == nil {
		return
	}
	if m.Alerts {
		r.alerts()
	}
}

// swarmOwner owns swarm-level monitoring objects: <swarm>-<what>.
func (r *renderer) swarmOwner(what string) owner {
	return owner{name: what, instance: r.s.Metadata.Name + "-" + what, component: ComponentMonitoring}
}

// matchers writes PromQL label matchers in the swarm's namespace, e.g.
// {namespace="agents",deployment="swarm-scout"}.
func (r *renderer) matchers(labels map[string]string) string {
	return promsel.Selector("", r.namespace, labels)
}
