package render

import (
	"strings"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/agentscale/agentscale/internal/spec"
)

// Alert names; docs/render.md explains each.
const (
	AlertAutoscalerAtMax = "AgentAutoscalerAtMax"
	AlertBacklogGrowing  = "AgentBacklogGrowing"
	AlertPodsNotReady    = "AgentPodsNotReady"
)

const alertFor = monitoringv1.Duration("15m")

// alerts renders one PrometheusRule with, per role: pods not ready, the
// autoscaler pinned at its maximum, and the backlog it scales on growing.
// The first two read kube-state-metrics; the last the metric the role
// scales on (or KEDA's view of its triggers).
func (r *renderer) alerts() {
	var rules []monitoringv1.Rule
	for i := range r.s.Spec.Roles {
		rc := r.newRoleContext(i, &r.s.Spec.Roles[i])
		rules = append(rules, r.roleAlerts(rc)...)
	}
	if len(rules) == 0 {
		return
	}
	o := r.swarmOwner("alerts")
	pr := &monitoringv1.PrometheusRule{
		TypeMeta:   metav1.TypeMeta{APIVersion: monitoringv1.SchemeGroupVersion.String(), Kind: monitoringv1.PrometheusRuleKind},
		ObjectMeta: r.monitoringMeta(o, o.instance),
		Spec: monitoringv1.PrometheusRuleSpec{Groups: []monitoringv1.RuleGroup{{
			Name:  "agentscale." + r.s.Metadata.Name,
			Rules: rules,
		}}},
	}
	r.add(stagePrometheusRule, pr, -1, "spec.monitoring.alerts")
}

func (r *renderer) roleAlerts(rc *roleContext) []monitoringv1.Rule {
	var out []monitoringv1.Rule
	if !rc.isJob() {
		out = append(out, r.notReady(rc))
	}
	if hpa := r.hpaName(rc); hpa != "" {
		out = append(out, r.atMax(rc, hpa))
	}
	out = append(out, r.backlog(rc)...)
	return out
}

func (r *renderer) rule(rc *roleContext, alert, expr, summary, description string) monitoringv1.Rule {
	return monitoringv1.Rule{
		Alert: alert,
		Expr:  intstr.FromString(expr),
		For:   ptr(alertFor),
		Labels: map[string]string{
			"severity": "warning",
			"swarm":    r.s.Metadata.Name,
			"role":     rc.role.Name,
		},
		Annotations: map[string]string{"summary": summary, "description": description},
	}
}

func (r *renderer) notReady(rc *roleContext) monitoringv1.Rule {
	m := r.matchers(map[string]string{workloadLabel(rc.kind): rc.name})
	expr := "kube_deployment_status_replicas_unavailable" + m + " > 0"
	if rc.kind == spec.WorkloadStatefulSet {
		expr = "(kube_statefulset_replicas" + m + " - kube_statefulset_status_replicas_ready" + m + ") > 0"
	}
	return r.rule(rc, AlertPodsNotReady, expr,
		"Agents of role "+rc.role.Name+" are not ready",
		rc.kind+" "+rc.name+" has had pods that are not ready for 15 minutes: check image pulls, probes and pending pods.")
}

// hpaName is the HPA that scales the role: its own, or the one KEDA
// creates for a ScaledObject (keda-hpa-<name>); "" for none.
func (r *renderer) hpaName(rc *roleContext) string {
	switch rc.role.Autoscaler() {
	case "hpa":
		return rc.name
	case "keda":
		if !rc.isJob() {
			return "keda-hpa-" + rc.name
		}
	}
	return ""
}

func (r *renderer) atMax(rc *roleContext, hpa string) monitoringv1.Rule {
	m := r.matchers(map[string]string{"horizontalpodautoscaler": hpa})
	by := "max by (namespace, horizontalpodautoscaler) "
	expr := by + "(kube_horizontalpodautoscaler_status_current_replicas" + m + ")\n  >= " +
		by + "(kube_horizontalpodautoscaler_spec_max_replicas" + m + ")"
	return r.rule(rc, AlertAutoscalerAtMax, expr,
		"Role "+rc.role.Name+" is pinned at its maximum replicas",
		"HPA "+hpa+" has run at maxReplicas ("+itoa(rc.role.Replicas.Max)+") for 15 minutes: demand exceeds what the swarm may scale to. Raise replicas.max or the node pool's maxNodes.")
}

// backlog alerts when a metric the role scales on keeps rising for 15
// minutes (its 10-minute derivative stays positive): scaling is not keeping up.
func (r *renderer) backlog(rc *roleContext) []monitoringv1.Rule {
	var out []monitoringv1.Rule
	desc := func(metric string) string {
		return metric + " has grown for 15 minutes while role " + rc.role.Name + " scales on it: agents are not keeping up."
	}
	sc := rc.role.Scaling
	switch {
	case sc != nil && sc.HPA != nil:
		for _, m := range sc.HPA.Metrics {
			series := m.Name + r.matchers(seriesLabels(rc, m))
			expr := "sum by (namespace) (deriv(" + series + "[10m])) > 0"
			rule := r.rule(rc, AlertBacklogGrowing, expr, "Backlog of role "+rc.role.Name+" is growing", desc(m.Name))
			// One rule per metric: the metric label keeps their label sets apart.
			rule.Labels["metric"] = m.Name
			out = append(out, rule)
		}
	case sc != nil && sc.KEDA != nil && hasBacklogTrigger(sc.KEDA):
		series := "keda_scaler_metrics_value" + r.matchers(map[string]string{"scaledObject": rc.name})
		expr := "sum by (namespace, scaledObject, metric) (deriv(" + series + "[10m])) > 0"
		out = append(out, r.rule(rc, AlertBacklogGrowing, expr, "Backlog of role "+rc.role.Name+" is growing", desc("A KEDA trigger metric")))
	}
	return out
}

// seriesLabels select the series a custom metric is read from: the
// workload's for Object and Pods metrics (labelled by the ServiceMonitor),
// the metric's selector for External ones.
func seriesLabels(rc *roleContext, m spec.HPAMetric) map[string]string {
	switch m.Type {
	case spec.MetricObject:
		if d := m.DescribedObject; d != nil {
			return map[string]string{strings.ToLower(d.Kind): d.Name}
		}
		return map[string]string{workloadLabel(rc.kind): rc.name}
	case spec.MetricPods:
		return map[string]string{workloadLabel(rc.kind): rc.name}
	}
	if m.Selector != nil {
		return m.Selector.MatchLabels
	}
	return nil
}

// hasBacklogTrigger reports whether a ScaledObject has an event trigger,
// not just cpu or memory, whose metric is a backlog.
func hasBacklogTrigger(k *spec.KEDA) bool {
	for _, t := range k.Triggers {
		if t.Type != "cpu" && t.Type != "memory" {
			return true
		}
	}
	return false
}
