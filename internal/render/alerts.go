package render

import (
	"strconv"
	"strings"
	"time"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/agentscale/agentscale/internal/promsel"
	"github.com/agentscale/agentscale/internal/simulate/hpa"
	"github.com/agentscale/agentscale/internal/spec"
)

// Alert names; docs/monitoring.md has each one's runbook, at the anchor
// of its lower-cased name.
const (
	AlertPodsNotReady       = "AgentPodsNotReady"
	AlertPodsPending        = "AgentPodsPending"
	AlertAutoscalerAtMax    = "AgentAutoscalerAtMax"
	AlertAutoscalerInactive = "AgentAutoscalerInactive"
	AlertBacklogGrowing     = "AgentBacklogGrowing"
	AlertBacklogNotDraining = "AgentBacklogNotDraining"
	AlertKEDATriggerErrors  = "AgentKEDATriggerErrors"
	AlertQueueingTimeHigh   = "AgentQueueingTimeHigh"
	recordQueueingTime      = "agentscale:queueing_time_seconds:estimate"
	recordUsageRatio        = "agentscale:hpa_metric_usage:ratio"
	recordAtMax             = "agentscale:hpa_at_max"
	runbookBase             = "https://github.com/agentscale/agentscale/blob/main/docs/monitoring.md#"
	severityWarning         = "warning"
	severityCritical        = "critical"
	// Utilization (cpu, memory) and KEDA's cron metric (s<i>-cron-...,
	// desired replicas) are no backlogs.
	backlogMetrics = `metric_target_type=~"value|average",metric_name!~"cpu|memory|s[0-9]+-cron-.*"`
)

// alerts renders one PrometheusRule: a group of recording rules that put
// each HPA's own view of its scaling metrics (kube-state-metrics) under
// the swarm's and role's names, and a group of alerts per role. The HPA's
// view (current over target, as the controller computes it) is what the
// backlog alerts read, so they mean the same for an HPA's Object, Pods and
// External metrics and a ScaledObject's triggers, and pods coming and
// going do not bias them.
func (r *renderer) alerts() {
	var records, rules []monitoringv1.Rule
	for i := range r.s.Spec.Roles {
		rc := r.newRoleContext(i, &r.s.Spec.Roles[i])
		records = append(records, r.roleRecords(rc)...)
		rules = append(rules, r.roleAlerts(rc)...)
	}
	if len(rules) == 0 {
		return
	}
	var groups []monitoringv1.RuleGroup
	if len(records) > 0 {
		groups = append(groups, monitoringv1.RuleGroup{Name: "agentscale." + r.s.Metadata.Name + ".records", Rules: records})
	}
	groups = append(groups, monitoringv1.RuleGroup{Name: "agentscale." + r.s.Metadata.Name, Rules: rules})
	o := r.swarmOwner("alerts")
	pr := &monitoringv1.PrometheusRule{
		TypeMeta:   metav1.TypeMeta{APIVersion: monitoringv1.SchemeGroupVersion.String(), Kind: monitoringv1.PrometheusRuleKind},
		ObjectMeta: r.monitoringMeta(o, o.instance),
		Spec:       monitoringv1.PrometheusRuleSpec{Groups: groups},
	}
	r.add(stagePrometheusRule, pr, -1, "spec.monitoring.alerts")
}

// roleLabels name a role in recorded series and alerts.
func (r *renderer) roleLabels(rc *roleContext) map[string]string {
	return map[string]string{"swarm": r.s.Metadata.Name, "role": rc.role.Name}
}

// roleRecords are the recording rules of a role its HPA scales: the usage
// ratio of each backlog metric (current over target: above 1 the
// controller wants more replicas) and whether it runs at maxReplicas.
func (r *renderer) roleRecords(rc *roleContext) []monitoringv1.Rule {
	hpa := r.hpaName(rc)
	if hpa == "" {
		return nil
	}
	m := r.matchers(map[string]string{"horizontalpodautoscaler": hpa})
	by := "max by (namespace, horizontalpodautoscaler) "
	out := []monitoringv1.Rule{{
		Record: recordAtMax,
		Expr: intstr.FromString(by + "(kube_horizontalpodautoscaler_status_current_replicas" + m + ")\n  >= bool " +
			by + "(kube_horizontalpodautoscaler_spec_max_replicas" + m + ")"),
		Labels: r.roleLabels(rc),
	}}
	if q := r.queueingRecord(rc); q != "" {
		labels := r.roleLabels(rc)
		labels["namespace"] = r.namespace
		out = append(out, monitoringv1.Rule{Record: recordQueueingTime, Expr: intstr.FromString(q), Labels: labels})
	}
	if scalesOnBacklog(rc.role) {
		sel := promsel.Selector("", r.namespace, map[string]string{"horizontalpodautoscaler": hpa}, backlogMetrics)
		by := "max by (namespace, horizontalpodautoscaler, metric_name, metric_target_type) "
		out = append(out, monitoringv1.Rule{
			Record: recordUsageRatio,
			Expr: intstr.FromString(by + "(kube_horizontalpodautoscaler_status_target_metric" + sel + ")\n  / " +
				by + "(kube_horizontalpodautoscaler_spec_target_metric" + sel + ")"),
			Labels: r.roleLabels(rc),
		})
	}
	return out
}

func (r *renderer) roleAlerts(rc *roleContext) []monitoringv1.Rule {
	var out []monitoringv1.Rule
	if !rc.isJob() {
		out = append(out, r.notReady(rc))
	}
	out = append(out, r.pending(rc))
	if hpa := r.hpaName(rc); hpa != "" {
		if rc.role.Replicas.Min < rc.role.Replicas.Max { // at min == max it always is
			out = append(out, r.atMax(rc))
		}
		out = append(out, r.inactive(rc, hpa))
		if scalesOnBacklog(rc.role) {
			out = append(out, r.backlogGrowing(rc, hpa), r.backlogNotDraining(rc))
		}
	}
	if rc.role.Autoscaler() == "keda" {
		out = append(out, r.kedaErrors(rc))
	}
	if objective, ok := r.s.WaitObjective(rc.role.Name); ok && r.queueingRecord(rc) != "" {
		out = append(out, r.queueingTime(rc, objective))
	}
	return out
}

// queueingRecord is the expression of the role's recorded queueing-time
// estimate, "" when it gets none. The estimate sums over the role's
// series: only in a known namespace, or same-named swarms in two
// namespaces would add up.
func (r *renderer) queueingRecord(rc *roleContext) string {
	if r.namespace == "" {
		return ""
	}
	return queueingTimeQuery(rc, r.namespace)
}

// queueingTime fires when the estimated wait of a new task stays above
// the wait the swarm's scenarios promise for the role for 10 minutes:
// what agentscale test checks before a release, checked in production.
func (r *renderer) queueingTime(rc *roleContext, objective time.Duration) monitoringv1.Rule {
	secs := strconv.FormatFloat(objective.Seconds(), 'g', -1, 64)
	return r.rule(rc, alert{
		name: AlertQueueingTimeHigh, severity: severityWarning, forDuration: "10m",
		expr:        recordQueueingTime + r.roleMatchers(rc) + " > " + secs,
		summary:     "Tasks of role " + rc.role.Name + " wait longer than " + objective.String(),
		description: "The estimated wait of a new task of role " + rc.role.Name + " (backlog over ready replicas × " + strconv.FormatFloat(rc.role.TasksPerSecond(), 'g', -1, 64) + " tasks per second) has been above " + objective.String() + ", the wait its scenarios expect, for 10 minutes.",
		runbook:     "If AgentBacklogNotDraining or AgentAutoscalerAtMax fire too, the role needs a higher maximum; otherwise it scales too late: lower the target per replica or the HPA's stabilization, and run agentscale test with the load you see. If agents process fewer tasks per second than simulation.tasksPerSecond says, correct it there: the estimate uses it.",
	})
}

// alert is one alerting rule. Every alert says what is wrong (summary),
// what that means for the swarm (description) and what to do (runbook,
// with the full runbook in docs/monitoring.md at runbook_url).
type alert struct {
	name, expr, severity, forDuration string
	summary, description, runbook     string
}

func (r *renderer) rule(rc *roleContext, a alert) monitoringv1.Rule {
	labels := r.roleLabels(rc)
	labels["severity"] = a.severity
	if r.namespace != "" { // Alertmanager groups and inhibits by namespace
		labels["namespace"] = r.namespace
	}
	return monitoringv1.Rule{
		Alert:  a.name,
		Expr:   intstr.FromString(a.expr),
		For:    ptr(monitoringv1.Duration(a.forDuration)),
		Labels: labels,
		Annotations: map[string]string{
			"summary":     a.summary,
			"description": a.description,
			"runbook":     a.runbook,
			"runbook_url": runbookBase + strings.ToLower(a.name),
		},
	}
}

// notReady fires for a pod of the role that has not been ready for 15
// minutes. Per pod, so a long ramp-up (each pod unready for a minute, one
// after another) stays silent.
func (r *renderer) notReady(rc *roleContext) monitoringv1.Rule {
	expr := "max by (namespace, pod) (" + promsel.Selector("kube_pod_status_ready", r.namespace, map[string]string{"condition": "false"}) + ")\n  " +
		r.ownedBy(rc) + " > 0"
	return r.rule(rc, alert{
		name: AlertPodsNotReady, expr: expr, severity: severityWarning, forDuration: "15m",
		summary:     "An agent of role " + rc.role.Name + " has not been ready for 15 minutes",
		description: "Pod {{ $labels.pod }} of " + rc.kind + " " + rc.name + " has not been ready for 15 minutes.",
		runbook:     "kubectl -n " + r.namespaceOr() + " describe pod {{ $labels.pod }}: look for failing readiness probes, image pull errors and crash loops (AgentPodsPending covers pods that are never scheduled).",
	})
}

// pending fires for a pod of the role the scheduler has not placed for 10
// minutes: the Cluster Autoscaler cannot add a node (pool at maxNodes, no
// node template fits the request) or nothing fits. Per pod, so pods that
// are each briefly unschedulable, one after another, stay silent.
func (r *renderer) pending(rc *roleContext) monitoringv1.Rule {
	expr := "max by (namespace, pod) (" + promsel.Selector("kube_pod_status_unschedulable", r.namespace, nil) + ")\n  " +
		r.ownedBy(rc) + " > 0"
	return r.rule(rc, alert{
		name: AlertPodsPending, severity: severityWarning, forDuration: "10m", expr: expr,
		summary:     "A pod of role " + rc.role.Name + " has waited 10 minutes to be scheduled",
		description: "Pod {{ $labels.pod }} of " + rc.kind + " " + rc.name + " has been unschedulable for 10 minutes: the swarm cannot grow this role.",
		runbook:     "kubectl -n " + r.namespaceOr() + " describe pod {{ $labels.pod }} (its FailedScheduling events); check the Cluster Autoscaler's status (pool at maxNodes, requests larger than any node of the pool, missing GPU or ephemeral-storage on the node template) and namespace quotas.",
	})
}

// ownedBy keeps the pods of the role, by their owner (kube-state-metrics'
// kube_pod_owner): a StatefulSet's; a Deployment's ReplicaSets,
// <name>-<template hash>; a Job role's Job, or a ScaledJob's Jobs,
// <name>-<5>. Owners, unlike pod names, are never cut short, and a role
// named like another's prefix does not match its pods.
func (r *renderer) ownedBy(rc *roleContext) string {
	kind, name := "ReplicaSet", replicaSetPattern(rc)
	switch {
	case rc.kind == spec.WorkloadStatefulSet:
		kind, name = "StatefulSet", rc.name
	case rc.isJob():
		kind, name = "Job", jobNamePattern(rc)
	}
	owner := promsel.Selector("kube_pod_owner", r.namespace, map[string]string{"owner_kind": kind}, `owner_name=~"`+promsel.Escape(name)+`"`)
	return "* on (namespace, pod) group_left () max by (namespace, pod) (" + owner + ")"
}

// generatedName is the alphabet Kubernetes draws generated name suffixes
// and pod-template hashes from (k8s.io/apimachinery/pkg/util/rand).
const generatedName = "[bcdfghjklmnpqrstvwxz2456789]"

// podNamePattern matches the names of the role's pods, for the dashboard's
// cAdvisor panels (cAdvisor series carry no owner): a StatefulSet's
// name-N; a Deployment's name-<template hash>-<5>; a Job's name-<5> (a
// ScaledJob's Jobs name-<5>-<5>).
func podNamePattern(rc *roleContext) string {
	switch {
	case rc.kind == spec.WorkloadStatefulSet:
		return rc.name + "-[0-9]+"
	case rc.isJob():
		return jobNamePattern(rc) + "-" + generatedName + "{5}"
	}
	return replicaSetPattern(rc) + "-" + generatedName + "{5}"
}

// replicaSetPattern matches the ReplicaSets of the role's Deployment:
// name-<pod-template hash>.
func replicaSetPattern(rc *roleContext) string { return rc.name + "-" + generatedName + "{1,10}" }

// jobNamePattern matches the role's Jobs: its own, or those its ScaledJob
// creates (name-<5>).
func jobNamePattern(rc *roleContext) string { return rc.name + "(-" + generatedName + "{5})?" }

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

func (r *renderer) atMax(rc *roleContext) monitoringv1.Rule {
	return r.rule(rc, alert{
		name: AlertAutoscalerAtMax, severity: severityWarning, forDuration: "15m",
		expr:        recordAtMax + r.roleMatchers(rc) + " == 1",
		summary:     "Role " + rc.role.Name + " is pinned at its maximum replicas",
		description: "The autoscaler of role " + rc.role.Name + " has run at maxReplicas (" + itoa(rc.role.Replicas.Max) + ") for 15 minutes: demand is at or above what the swarm may scale to.",
		runbook:     "If AgentBacklogNotDraining fires too, raise replicas.max (and the node pool's maxNodes to fit it) or make each agent faster; otherwise the maximum is just right and this is a heads-up.",
	})
}

// inactive fires when the HPA cannot compute its metrics (the adapter or
// KEDA's metrics server does not answer, a metric has no series): it then
// holds the replica count wherever it was. A workload KEDA scaled to zero
// also reads ScalingActive=False, by design, so that case is left out.
func (r *renderer) inactive(rc *roleContext, hpa string) monitoringv1.Rule {
	cond := r.matchers(map[string]string{"horizontalpodautoscaler": hpa, "condition": "ScalingActive", "status": "false"})
	replicas := "kube_deployment_spec_replicas"
	if rc.kind == spec.WorkloadStatefulSet {
		replicas = "kube_statefulset_replicas"
	}
	expr := "max by (namespace) (kube_horizontalpodautoscaler_status_condition" + cond + ") == 1\n  and on (namespace) max by (namespace) (" +
		replicas + r.matchers(map[string]string{workloadLabel(rc.kind): rc.name}) + ") > 0"
	return r.rule(rc, alert{
		name: AlertAutoscalerInactive, severity: severityCritical, forDuration: "10m",
		expr:        expr,
		summary:     "The autoscaler of role " + rc.role.Name + " cannot read its metrics",
		description: "HPA " + hpa + " has reported ScalingActive=False for 10 minutes: it holds " + rc.kind + " " + rc.name + " at its current size whatever the load.",
		runbook:     "kubectl -n " + r.namespaceOr() + " describe hpa " + hpa + ": the condition's message names the metric that fails. Check that the metrics API serves it (kubectl get --raw /apis/custom.metrics.k8s.io/v1beta2 or external.metrics.k8s.io), that Prometheus has the series, and the adapter's or KEDA's logs.",
	})
}

// backlogGrowing fires when scaling has not kept up for 15 minutes: the
// HPA wants more replicas than are ready (the pods it asked for do not
// arrive: unschedulable, slow to pull or start), or a backlog metric stays
// above its target beyond the HPA's tolerance while it is below its
// maximum (behavior policies too timid). A normal scale-up is over in
// minutes and stays silent.
func (r *renderer) backlogGrowing(rc *roleContext, hpa string) monitoringv1.Rule {
	h := map[string]string{"horizontalpodautoscaler": hpa}
	m := r.roleMatchers(rc)
	expr := "max by (namespace) (" + promsel.Selector("kube_horizontalpodautoscaler_status_desired_replicas", r.namespace, h) + ")\n" +
		"  > max by (namespace) (" + readySeries(rc, r.namespace) + ")\n" +
		"or max by (namespace) (" + recordUsageRatio + m + ") > " + r.usageThreshold(rc) +
		"\n  and on (namespace) max by (namespace) (" + recordAtMax + m + ") == 0"
	return r.rule(rc, alert{
		name: AlertBacklogGrowing, severity: severityWarning, forDuration: "15m", expr: expr,
		summary:     "Role " + rc.role.Name + " scales up slower than its backlog asks",
		description: "For 15 minutes the autoscaler of role " + rc.role.Name + " has wanted more agents than are ready, or a metric it scales on has stayed above its target below the maximum: new agents are not arriving fast enough.",
		runbook:     "Look for AgentPodsPending and slow pod starts (image pulls, startup probes); check the HPA's behavior.scaleUp policies and KEDA's pollingInterval; agentscale simulate shows how fast the role should follow this load.",
	})
}

// readySeries are the role's ready replicas (kube-state-metrics).
func readySeries(rc *roleContext, ns string) string {
	if rc.kind == spec.WorkloadStatefulSet {
		return promsel.Selector("kube_statefulset_status_replicas_ready", ns, map[string]string{"statefulset": rc.name})
	}
	return promsel.Selector("kube_deployment_status_replicas_available", ns, map[string]string{"deployment": rc.name})
}

// usageThreshold is the usage ratio above which the HPA scales up: 1 plus
// its scale-up tolerance as the controller takes it (hpa.Tolerances: a
// per-direction tolerance in the behavior, else the controller's from
// spec.cluster.hpa, else 0.1).
func (r *renderer) usageThreshold(rc *roleContext) string {
	controller := hpa.DefaultTolerance
	if c := r.s.Spec.Cluster; c != nil && c.HPA != nil && c.HPA.Tolerance != nil {
		controller = *c.HPA.Tolerance
	}
	var b *autoscalingv2.HorizontalPodAutoscalerBehavior
	switch sc := rc.role.Scaling; {
	case sc.HPA != nil:
		b = behavior(sc.HPA)
	case sc.KEDA != nil:
		b = sc.KEDA.Behavior
	}
	return strconv.FormatFloat(1+hpa.Tolerances(b, controller).Up, 'g', 6, 64)
}

// backlogNotDraining fires when the role runs at its maximum and a
// backlog metric stays above its target for 15 minutes: the work waits,
// and only a higher maximum or faster agents drain it.
func (r *renderer) backlogNotDraining(rc *roleContext) monitoringv1.Rule {
	m := r.roleMatchers(rc)
	expr := "max by (namespace, swarm, role) (" + recordUsageRatio + m + ") > " + r.usageThreshold(rc) +
		"\n  and on (namespace, swarm, role) " + recordAtMax + m + " == 1"
	return r.rule(rc, alert{
		name: AlertBacklogNotDraining, severity: severityCritical, forDuration: "15m", expr: expr,
		summary:     "The backlog of role " + rc.role.Name + " does not drain at maximum replicas",
		description: "Role " + rc.role.Name + " has run at maxReplicas (" + itoa(rc.role.Replicas.Max) + ") with a scaling metric above its target for 15 minutes: work is queueing and waits longer every minute.",
		runbook:     "Raise replicas.max (and the node pool's maxNodes so the pods fit), or shed load upstream; agentscale tune finds the smallest maximum that meets the swarm's scenarios.",
	})
}

// kedaErrors fires when KEDA fails to read a role's triggers for 5
// minutes: the ScaledObject then holds its size (or, with fallback, runs
// the fallback replicas). Both of KEDA's namespace labels are matched
// (promsel.KEDA).
func (r *renderer) kedaErrors(rc *roleContext) monitoringv1.Rule {
	metric, key, kind := "keda_scaled_object_errors_total", "scaledObject", "ScaledObject"
	if rc.isJob() {
		metric, key, kind = "keda_scaled_job_errors_total", "scaledJob", "ScaledJob"
	}
	// One increase per selector (a range takes a selector, not an "or"),
	// each with KEDA's namespace label as namespace.
	var parts []string
	for _, sel := range promsel.KEDASelectors(metric, r.namespace, map[string]string{key: rc.name}) {
		parts = append(parts, "sum by (namespace, "+key+`) (label_replace(increase(`+sel+`[5m]), "namespace", "$1", "exported_namespace", "(.+)")) > 0`)
	}
	expr := strings.Join(parts, "\n  or ")
	return r.rule(rc, alert{
		name: AlertKEDATriggerErrors, severity: severityWarning, forDuration: "5m", expr: expr,
		summary:     "KEDA cannot read the triggers of role " + rc.role.Name,
		description: "KEDA has failed to read a trigger of " + kind + " " + rc.name + " for 5 minutes: the role does not follow its load (with spec fallback it runs the fallback replicas).",
		runbook:     "kubectl -n " + r.namespaceOr() + " describe " + strings.ToLower(kind) + " " + rc.name + " and the KEDA operator's logs: usually credentials (TriggerAuthentication), a wrong address, or the event source being down.",
	})
}

// roleMatchers select the series recorded for the role.
func (r *renderer) roleMatchers(rc *roleContext) string { return r.matchers(r.roleLabels(rc)) }

// namespaceOr is the namespace the objects go to, for runbook commands.
func (r *renderer) namespaceOr() string {
	if r.namespace != "" {
		return r.namespace
	}
	return "<namespace>"
}

// scalesOnBacklog reports whether the role's autoscaler reads a metric
// that counts work (an HPA custom metric, a KEDA trigger other than cpu,
// memory and cron), not only utilization or a schedule.
func scalesOnBacklog(role *spec.Role) bool {
	sc := role.Scaling
	switch {
	case sc == nil:
		return false
	case sc.HPA != nil:
		return len(sc.HPA.Metrics) > 0
	case sc.KEDA != nil:
		for _, t := range sc.KEDA.Triggers {
			if countsWork(t.Type) {
				return true
			}
		}
	}
	return false
}
