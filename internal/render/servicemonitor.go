package render

import (
	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// LabelHeadless marks a role's headless Service, so the ServiceMonitor
// selects only the ClusterIP Service and each pod is scraped once.
const LabelHeadless = "agentscale.dev/headless"

// serviceMonitor renders how Prometheus scrapes a role with metrics,
// unless spec.monitoring.serviceMonitor is false: a ServiceMonitor on the
// role's ClusterIP Service when it serves ports, a PodMonitor on its pods
// when it only exports metrics (and for Job pods, which have no Service).
// Each target gets a deployment="<name>" (or statefulset=, job_name=)
// label, which is how Prometheus Adapter maps a series to the workload an
// HPA Object metric describes, and what the dashboard selects by.
func (r *renderer) serviceMonitor(rc *roleContext) {
	m := rc.role.Metrics
	if m == nil || !r.serviceMonitors() {
		return
	}
	sel := r.selector(&rc.owner)
	relabel := []monitoringv1.RelabelConfig{{
		Action:      "replace",
		TargetLabel: workloadLabel(rc.kind),
		Replacement: ptr(rc.name),
	}}
	if rc.isJob() || len(rc.role.Ports) == 0 {
		pm := &monitoringv1.PodMonitor{
			TypeMeta:   metav1.TypeMeta{APIVersion: monitoringv1.SchemeGroupVersion.String(), Kind: monitoringv1.PodMonitorsKind},
			ObjectMeta: r.monitoringMeta(rc.owner, rc.name),
			Spec: monitoringv1.PodMonitorSpec{
				Selector: metav1.LabelSelector{MatchLabels: sel},
				PodMetricsEndpoints: []monitoringv1.PodMetricsEndpoint{{
					Port:           ptr(rc.metricsPort),
					Path:           m.Path,
					Interval:       monitoringv1.Duration(m.Interval),
					RelabelConfigs: relabel,
				}},
			},
		}
		r.add(stageServiceMonitor, pm, rc.index, rc.path("metrics"))
		return
	}
	ep := monitoringv1.Endpoint{
		Port:           rc.metricsPort,
		Path:           m.Path,
		Interval:       monitoringv1.Duration(m.Interval),
		RelabelConfigs: relabel,
	}
	sm := &monitoringv1.ServiceMonitor{
		TypeMeta:   metav1.TypeMeta{APIVersion: monitoringv1.SchemeGroupVersion.String(), Kind: monitoringv1.ServiceMonitorsKind},
		ObjectMeta: r.monitoringMeta(rc.owner, rc.name),
		Spec: monitoringv1.ServiceMonitorSpec{
			Selector: metav1.LabelSelector{
				MatchLabels:      sel,
				MatchExpressions: []metav1.LabelSelectorRequirement{{Key: LabelHeadless, Operator: metav1.LabelSelectorOpDoesNotExist}},
			},
			Endpoints: []monitoringv1.Endpoint{ep},
		},
	}
	r.add(stageServiceMonitor, sm, rc.index, rc.path("metrics"))
}

// serviceMonitors reports whether ServiceMonitors are wanted (default yes).
func (r *renderer) serviceMonitors() bool {
	m := r.s.Spec.Monitoring
	return m == nil || m.ServiceMonitor == nil || *m.ServiceMonitor
}

// monitoringMeta labels a monitoring object with component monitoring and
// spec.monitoring.labels, which Prometheus's selectors look for.
func (r *renderer) monitoringMeta(o owner, name string) metav1.ObjectMeta {
	o.component = ComponentMonitoring
	m := r.meta(&o, name)
	if mon := r.s.Spec.Monitoring; mon != nil {
		for k, v := range mon.Labels {
			m.Labels[k] = v
		}
	}
	return m
}

// workloadLabel is the Prometheus label naming a workload of this kind, as
// kube-state-metrics names it: deployment, statefulset, job_name.
func workloadLabel(kind string) string {
	switch kind {
	case "StatefulSet":
		return "statefulset"
	case "Job":
		return "job_name"
	}
	return "deployment"
}
