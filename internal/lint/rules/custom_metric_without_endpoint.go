package rules

import (
	"strconv"

	autoscalingv2 "k8s.io/api/autoscaling/v2"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/agentscale/agentscale/internal/lint"
)

// CustomMetricWithoutEndpoint: an HPA scaling on a metric its own pods must
// export, when the pods have no metrics endpoint to export it from. Only
// Pods metrics and Object metrics describing the HPA's own target count:
// External metrics and Object metrics about other objects (an Ingress) come
// from elsewhere, and so do KEDA triggers, which query their sources. An
// endpoint is a container port named like metrics or prom, prometheus.io
// scrape annotations, or a PodMonitor or ServiceMonitor (through a Service)
// in the input selecting the pods. Plain manifests whose pods declare other
// ports may be scraped by config outside the input: silent there; pods
// without any port fire. A rendered swarm is whole, so a role without
// metrics fires.
var CustomMetricWithoutEndpoint = &lint.Rule{
	ID:       "custom-metric-without-endpoint",
	Severity: lint.Warning,
	Why:      "An HPA on a Pods metric, or an Object metric about its own workload, reads series the pods export; with no metrics endpoint Prometheus has nothing to scrape, the HPA reports FailedGetPodsMetric and never scales.",
	Fix:      "Give the role metrics (port and path) so agentscale renders the metrics port and ServiceMonitor; in manifests add a container port named metrics and a ServiceMonitor or PodMonitor.",
	Check:    checkCustomMetricWithoutEndpoint,
}

func checkCustomMetricWithoutEndpoint(c *lint.Context) {
	var ix *scrapeIndex // built on the first metric that needs it
	for _, a := range c.Kind("HorizontalPodAutoscaler") {
		hpa, ok := a.Obj.(*autoscalingv2.HorizontalPodAutoscaler)
		w := c.TargetOf(a)
		if !ok || w == nil {
			continue
		}
		custom := 0 // index among non-resource metrics: render writes cpu and memory first
		for i, m := range hpa.Spec.Metrics {
			name, fromPods := podsMetric(m, w)
			if m.Type != autoscalingv2.ResourceMetricSourceType && m.Type != autoscalingv2.ContainerResourceMetricSourceType {
				custom++
			}
			if !fromPods {
				continue
			}
			if ix == nil {
				ix = newScrapeIndex(c)
			}
			e := ix.endpoint(w)
			if e == scraped || e == maybeScraped && c.Partial {
				break
			}
			what := "exposes no metrics port"
			if e == maybeScraped {
				what = "has no port named metrics"
			}
			c.Report(a, lint.At("spec.metrics["+strconv.Itoa(i)+"]", "scaling.hpa.metrics["+strconv.Itoa(custom-1)+"]"),
				"%s %s scales on %s metric %q, but %s %s %s and no ServiceMonitor or PodMonitor in the input scrapes it",
				a.Kind, a.Name(), m.Type, name, w.Kind, w.Name(), what)
		}
	}
}

// podsMetric returns the metric's name if its series come from the target's
// own pods: a Pods metric, or an Object metric describing the target itself.
// Object metrics about other objects (an Ingress, a queue's Service) and
// External metrics come from elsewhere.
func podsMetric(m autoscalingv2.MetricSpec, w *lint.Object) (string, bool) {
	switch {
	case m.Type == autoscalingv2.PodsMetricSourceType && m.Pods != nil:
		return m.Pods.Metric.Name, true
	case m.Type == autoscalingv2.ObjectMetricSourceType && m.Object != nil:
		d := m.Object.DescribedObject
		self := d.Kind == w.Kind && d.Name == w.Name() &&
			schema.FromAPIVersionAndKind(d.APIVersion, d.Kind).Group == schema.FromAPIVersionAndKind(w.APIVersion, w.Kind).Group
		return m.Object.Metric.Name, self
	}
	return "", false
}
