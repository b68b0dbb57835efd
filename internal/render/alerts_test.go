package render

import (
	"strings"
	"testing"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/agentscale/agentscale/internal/keda/catalog"
	"github.com/agentscale/agentscale/internal/spec"
)

// Every queue trigger is a KEDA scaler type.
func TestQueueTriggersAreKEDAScalers(t *testing.T) {
	for typ := range queueTriggers {
		if catalog.Lookup(typ) == nil {
			t.Errorf("%s is not a KEDA scaler type", typ)
		}
	}
}

// The backlog alerts use the HPA's own scale-up tolerance.
func TestUsageThresholdFollowsTolerance(t *testing.T) {
	role := "      replicas: {min: 1, max: 4}\n      metrics: {port: 9090}\n      scaling: {hpa: {metrics: [{name: q, type: Object, target: 5}]%s}}\n"
	for _, tc := range []struct{ role, swarm, want string }{
		{"", "", "> 1.1\n"},
		{", tolerance: 0.05", "", "> 1.05\n"},
		{"", "  cluster: {hpa: {tolerance: 0.2}}\n", "> 1.2\n"},
		{", behavior: {scaleUp: {tolerance: 0.3}}", "  cluster: {hpa: {tolerance: 0.2}}\n", "> 1.3\n"},
	} {
		objs := mustRender(t, parse(t, swarmWith(strings.Replace(role, "%s", tc.role, 1), "  monitoring: {alerts: true}\n"+tc.swarm)), Options{})
		pr := find(objs, "PrometheusRule", "s-alerts").(*monitoringv1.PrometheusRule)
		found := false
		for _, g := range pr.Spec.Groups {
			for _, r := range g.Rules {
				if r.Alert == AlertBacklogNotDraining {
					found = true
					if !strings.Contains(r.Expr.String(), tc.want) {
						t.Errorf("%q %q: %s lacks %q", tc.role, tc.swarm, r.Expr.String(), tc.want)
					}
				}
			}
		}
		if !found {
			t.Errorf("%q: no %s", tc.role, AlertBacklogNotDraining)
		}
	}
}

// An External metric's matchExpressions select the backlog's series too.
func TestSelectorMatchers(t *testing.T) {
	m := spec.HPAMetric{Type: spec.MetricExternal, Selector: &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{
		{Key: "queue", Operator: metav1.LabelSelectorOpIn, Values: []string{"a.b", "c"}},
		{Key: "env", Operator: metav1.LabelSelectorOpNotIn, Values: []string{"dev"}},
		{Key: "team", Operator: metav1.LabelSelectorOpExists},
		{Key: "test", Operator: metav1.LabelSelectorOpDoesNotExist},
	}}}
	got := strings.Join(selectorMatchers(m), ",")
	if want := `queue=~"a\\.b|c",env!~"dev",team!="",test=""`; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
