package rules

import (
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/agentscale/agentscale/internal/lint"
)

// MonitorSelectsNothing: a ServiceMonitor or PodMonitor whose selector
// matches nothing in the input while an HPA in the input scales a workload
// in its reach on a metric the pods export, and nothing else scrapes them:
// the monitor was meant for those pods and a label is off. A monitor
// alone, or one next to HPAs whose pods are scraped, may well target
// objects elsewhere: silent.
var MonitorSelectsNothing = &lint.Rule{
	ID:       "monitor-selects-nothing",
	Severity: lint.Warning,
	Why:      "A monitor whose selector matches no Service or pod makes Prometheus scrape nothing; the HPA that needs those series then reports FailedGetPodsMetric or FailedGetObjectMetric and never scales.",
	Fix:      "Make the monitor's selector match the labels of the Service (ServiceMonitor) or the pods (PodMonitor) that expose the metric, and its namespaceSelector reach their namespace.",
	Check:    checkMonitorSelectsNothing,
}

// needyHPA is an HPA scaling on a metric of pods no monitor scrapes.
type needyHPA struct {
	hpa, target *lint.Object
	metric      string
	typ         autoscalingv2.MetricSourceType
}

func checkMonitorSelectsNothing(c *lint.Context) {
	if len(c.Kind("ServiceMonitor"))+len(c.Kind("PodMonitor")) == 0 {
		return
	}
	ix := newScrapeIndex(c)
	var needy []needyHPA
	for _, a := range c.Kind("HorizontalPodAutoscaler") {
		hpa, ok := a.Obj.(*autoscalingv2.HorizontalPodAutoscaler)
		w := c.TargetOf(a)
		if !ok || w == nil || ix.monitored(w) {
			continue
		}
		for _, m := range hpa.Spec.Metrics {
			if name, fromPods := podsMetric(m, w); fromPods {
				needy = append(needy, needyHPA{a, w, name, m.Type})
				break
			}
		}
	}
	if len(needy) == 0 {
		return
	}
	report := func(m monitor, what string) {
		for _, n := range needy {
			if m.watches(n.target.Namespace()) {
				c.Report(m.obj, lint.At("spec.selector", ""),
					"%s %s selects no %s in the input (selector %q), so nothing scrapes %s, whose %s %s scales on %s metric %q",
					m.obj.Kind, m.obj.Name(), what, m.sel.String(), n.target.Ref(), n.hpa.Kind, n.hpa.Name(), n.typ, n.metric)
				return
			}
		}
	}
	for _, m := range ix.podMonitors {
		if !selectsAnyPod(c, m) {
			report(m, "pod")
		}
	}
	for _, m := range ix.serviceMonitors {
		if !ix.selectsAnyService(m) {
			report(m, "Service")
		}
	}
}

func selectsAnyPod(c *lint.Context, m monitor) bool {
	for _, w := range c.Workloads() {
		if pod, _ := w.PodTemplate(); m.watches(w.Namespace()) && m.sel.Matches(labels.Set(pod.Labels)) {
			return true
		}
	}
	return false
}

func (ix *scrapeIndex) selectsAnyService(m monitor) bool {
	for ns, svcs := range ix.services {
		if !m.watches(ns) {
			continue
		}
		for _, s := range svcs {
			if m.sel.Matches(s.labels) {
				return true
			}
		}
	}
	return false
}
