package e2e

import (
	"strings"
	"testing"
)

// TestCheckersRejectBrokenInput proves that the promtool and adapter checks
// can fail: a checker that accepts everything would make the per-swarm
// checks pass vacuously.
func TestCheckersRejectBrokenInput(t *testing.T) {
	rule := func(expr string) object {
		return object{"kind": "PrometheusRule", "metadata": map[string]any{"name": "r"},
			"spec": map[string]any{"groups": []any{map[string]any{"name": "g", "rules": []any{
				map[string]any{"alert": "A", "expr": expr},
			}}}}}
	}
	if n, probs := checkPrometheusRules(t.TempDir(), []object{rule(`up == 0`)}); n != 1 || len(probs) > 0 {
		t.Errorf("promtool rejects a valid rule: %v", probs)
	}
	if _, probs := checkPrometheusRules(t.TempDir(), []object{rule(`sum(up`)}); len(probs) == 0 {
		t.Errorf("promtool accepts an invalid expression")
	}

	adapter := func(cfg string) map[string]string { return map[string]string{"config.yaml": cfg} }
	const valid = `rules:
- seriesQuery: 'agent_queue_pending_tasks{namespace!="",pod!=""}'
  resources:
    overrides:
      namespace: {resource: namespace}
      pod: {resource: pod}
  name: {matches: "^(.*)_total$", as: "${1}_per_second"}
  metricsQuery: sum(rate(<<.Series>>{<<.LabelMatchers>>}[2m])) by (<<.GroupBy>>)
`
	if n, probs := checkAdapterConfigs(t.TempDir(), adapter(valid)); n != 1 || len(probs) > 0 {
		t.Errorf("adaptercheck rejects a valid config: %v", probs)
	}
	for name, broken := range map[string]string{
		"unknown field":   strings.Replace(valid, "metricsQuery", "metricQuery", 1),
		"bad template":    strings.Replace(valid, "<<.GroupBy>>)", "<<.GroupBy)", 1),
		"bad PromQL":      strings.Replace(valid, "sum(rate(", "sum(rate((", 1),
		"bad regex":       strings.Replace(valid, `"^(.*)_total$"`, `"^(.*_total$"`, 1),
		"bad seriesQuery": strings.Replace(valid, `pod!=""}'`, `pod!=""'`, 1),
	} {
		if _, probs := checkAdapterConfigs(t.TempDir(), adapter(broken)); len(probs) == 0 {
			t.Errorf("adaptercheck accepts a config with a %s:\n%s", name, broken)
		} else {
			t.Logf("%s: %s", name, probs[0])
		}
	}
}
