package rules

import (
	"slices"
	"strings"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/agentscale/agentscale/internal/lint"
)

// endpoint is what the input says about whether Prometheus scrapes a
// workload's pods.
type endpoint int

const (
	notScraped   endpoint = iota // no container port at all: nothing to scrape
	maybeScraped                 // ports, but none named for metrics and no monitor in the input
	scraped                      // a metrics port, scrape annotations, or a monitor selecting the pods
)

// scrapeIndex holds the monitors and Services of a run with their selectors
// parsed once, so judging a workload costs one pass over its namespace's
// Services plus the monitors of the few that select it.
type scrapeIndex struct {
	podMonitors, serviceMonitors []monitor
	services                     map[string][]selectingService // by namespace
}

type monitor struct {
	obj       *lint.Object
	namespace string
	watch     monitoringv1.NamespaceSelector
	sel       labels.Selector
}

type selectingService struct {
	labels labels.Set
	sel    labels.Selector
}

func newScrapeIndex(c *lint.Context) *scrapeIndex {
	ix := &scrapeIndex{services: map[string][]selectingService{}}
	for _, o := range c.Kind("PodMonitor") {
		if pm, ok := o.Obj.(*monitoringv1.PodMonitor); ok {
			ix.podMonitors = appendMonitor(ix.podMonitors, o, pm.Spec.NamespaceSelector, &pm.Spec.Selector)
		}
	}
	for _, o := range c.Kind("ServiceMonitor") {
		if sm, ok := o.Obj.(*monitoringv1.ServiceMonitor); ok {
			ix.serviceMonitors = appendMonitor(ix.serviceMonitors, o, sm.Spec.NamespaceSelector, &sm.Spec.Selector)
		}
	}
	if len(ix.serviceMonitors) > 0 {
		for _, o := range c.Kind("Service") {
			if svc, ok := o.Obj.(*corev1.Service); ok {
				// A Service without a selector (hand-kept Endpoints) selects
				// no pods, but a ServiceMonitor may still select it.
				sel := labels.Nothing()
				if len(svc.Spec.Selector) > 0 {
					sel = labels.SelectorFromSet(svc.Spec.Selector)
				}
				ix.services[o.Namespace()] = append(ix.services[o.Namespace()], selectingService{labels.Set(svc.Labels), sel})
			}
		}
	}
	return ix
}

// appendMonitor parses a monitor's selector as the Prometheus Operator does
// (empty selects everything); a monitor whose selector does not parse
// selects nothing and is dropped.
func appendMonitor(ms []monitor, o *lint.Object, ns monitoringv1.NamespaceSelector, sel *metav1.LabelSelector) []monitor {
	s, err := metav1.LabelSelectorAsSelector(sel)
	if err != nil {
		return ms
	}
	return append(ms, monitor{o, o.Namespace(), ns, s})
}

// watches reports whether the monitor looks into ns: its namespaceSelector's
// names, any, or (when empty) its own namespace.
func (m monitor) watches(ns string) bool {
	if m.watch.Any {
		return true
	}
	if len(m.watch.MatchNames) > 0 {
		return slices.Contains(m.watch.MatchNames, ns)
	}
	return m.namespace == ns
}

// monitored reports whether a PodMonitor in the input selects w's pods, or
// a ServiceMonitor selects a Service that selects them.
func (ix *scrapeIndex) monitored(w *lint.Object) bool {
	pod, _ := w.PodTemplate()
	podLabels := labels.Set(pod.Labels)
	for _, m := range ix.podMonitors {
		if m.watches(w.Namespace()) && m.sel.Matches(podLabels) {
			return true
		}
	}
	for _, s := range ix.services[w.Namespace()] {
		if !s.sel.Matches(podLabels) {
			continue
		}
		for _, m := range ix.serviceMonitors {
			if m.watches(w.Namespace()) && m.sel.Matches(s.labels) {
				return true
			}
		}
	}
	return false
}

// endpoint judges w's pods as Prometheus would find them: a port named for
// metrics, prometheus.io/* scrape annotations, a PodMonitor selecting the
// pods, or a ServiceMonitor selecting a Service that selects them.
func (ix *scrapeIndex) endpoint(w *lint.Object) endpoint {
	pod, path := w.PodTemplate()
	if pod.Annotations["prometheus.io/scrape"] == "true" || pod.Annotations["prometheus.io/port"] != "" {
		return scraped
	}
	ports := false
	for _, ct := range lint.Containers(pod, path) {
		if ct.Init && !isSidecar(ct.Container) {
			continue
		}
		for _, p := range ct.Ports {
			ports = true
			if n := strings.ToLower(p.Name); strings.Contains(n, "metrics") || strings.Contains(n, "prom") {
				return scraped
			}
		}
	}
	if ix.monitored(w) {
		return scraped
	}
	if ports {
		return maybeScraped
	}
	return notScraped
}
