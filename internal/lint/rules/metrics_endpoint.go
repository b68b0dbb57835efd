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

// metricsEndpoint judges w's pods as Prometheus would find them: a port
// named for metrics, prometheus.io/* scrape annotations, a PodMonitor
// selecting the pods, or a ServiceMonitor selecting a Service that selects
// them (namespaces as the Prometheus Operator resolves them).
func metricsEndpoint(c *lint.Context, w *lint.Object) endpoint {
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
	podLabels := labels.Set(pod.Labels)
	for _, m := range c.Kind("PodMonitor") {
		if pm, ok := m.Obj.(*monitoringv1.PodMonitor); ok &&
			watches(pm.Spec.NamespaceSelector, m.Namespace(), w.Namespace()) && selects(&pm.Spec.Selector, podLabels) {
			return scraped
		}
	}
	for _, m := range c.Kind("ServiceMonitor") {
		sm, ok := m.Obj.(*monitoringv1.ServiceMonitor)
		if !ok || !watches(sm.Spec.NamespaceSelector, m.Namespace(), w.Namespace()) {
			continue
		}
		for _, s := range c.Kind("Service") {
			svc, ok := s.Obj.(*corev1.Service)
			if ok && s.Namespace() == w.Namespace() && len(svc.Spec.Selector) > 0 &&
				labels.SelectorFromSet(svc.Spec.Selector).Matches(podLabels) &&
				selects(&sm.Spec.Selector, labels.Set(svc.Labels)) {
				return scraped
			}
		}
	}
	if ports {
		return maybeScraped
	}
	return notScraped
}

// watches reports whether a monitor in namespace own looks into ns: its
// namespaceSelector's names, any, or (empty) its own namespace.
func watches(sel monitoringv1.NamespaceSelector, own, ns string) bool {
	if sel.Any {
		return true
	}
	if len(sel.MatchNames) > 0 {
		return slices.Contains(sel.MatchNames, ns)
	}
	return own == ns
}

// selects applies a label selector as the Prometheus Operator does (an
// empty selector selects everything); invalid selectors select nothing.
func selects(sel *metav1.LabelSelector, set labels.Set) bool {
	s, err := metav1.LabelSelectorAsSelector(sel)
	return err == nil && s.Matches(set)
}
