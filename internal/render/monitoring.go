package render

import "sort"

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

// matchers writes PromQL label matchers, sorted by label, namespace first
// when known, e.g. {namespace="agents",deployment="swarm-scout"}.
func (r *renderer) matchers(labels map[string]string) string {
	keys := make([]string, 0, len(labels))
	for k := range labels {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := "{"
	if r.namespace != "" {
		out += `namespace="` + promEscape(r.namespace) + `"`
	}
	for _, k := range keys {
		if len(out) > 1 {
			out += ","
		}
		out += k + `="` + promEscape(labels[k]) + `"`
	}
	return out + "}"
}

// promEscape escapes a PromQL double-quoted string.
func promEscape(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', '"':
			out = append(out, '\\', c)
		case '\n':
			out = append(out, '\\', 'n')
		default:
			out = append(out, c)
		}
	}
	return string(out)
}
