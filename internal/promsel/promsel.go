// Package promsel writes PromQL series selectors, the one way render's
// alerts and the dashboard select a swarm's series.
package promsel

import (
	"maps"
	"slices"
	"strings"
)

// Selector writes metric{namespace="ns",k="v",...}: the namespace first
// when ns is not empty (a namespace or a Grafana variable such as
// $namespace), then the labels sorted by name. Values are escaped;
// matchers are written as given.
func Selector(metric, ns string, labels map[string]string, matchers ...string) string {
	var b strings.Builder
	b.WriteString(metric)
	b.WriteByte('{')
	first := true
	sep := func() {
		if !first {
			b.WriteByte(',')
		}
		first = false
	}
	if ns != "" {
		sep()
		b.WriteString(`namespace="` + Escape(ns) + `"`)
	}
	for _, k := range slices.Sorted(maps.Keys(labels)) {
		sep()
		b.WriteString(k + `="` + Escape(labels[k]) + `"`)
	}
	for _, m := range matchers {
		sep()
		b.WriteString(m)
	}
	b.WriteByte('}')
	return b.String()
}

// KEDA selects a series of KEDA's operator for objects in namespace ns:
// the "or" of KEDASelectors, to be wrapped in parentheses or an
// aggregation.
func KEDA(metric, ns string, labels map[string]string) string {
	return strings.Join(KEDASelectors(metric, ns, labels), " or ")
}

// KEDASelectors are the selectors of a KEDA series in namespace ns. KEDA
// labels its series with the object's namespace; scraped by
// prometheus-operator without honorLabels (the KEDA chart's default) that
// label arrives as exported_namespace, with honorLabels as namespace, so
// there is one selector for each (a range such as [5m] takes one). Without
// a namespace the labels alone select.
func KEDASelectors(metric, ns string, labels map[string]string) []string {
	if ns == "" {
		return []string{Selector(metric, "", labels)}
	}
	return []string{
		Selector(metric, "", labels, `exported_namespace="`+Escape(ns)+`"`),
		Selector(metric, ns, labels, `exported_namespace=""`),
	}
}

// Escape escapes a PromQL double-quoted string.
func Escape(s string) string {
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
