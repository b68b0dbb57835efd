package rules

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/agentscale/agentscale/internal/lint"
)

// SpreadSelectorMissesOwnPods: a topology spread constraint or pod
// (anti-)affinity term whose labelSelector does not match the pod's own
// labels. Such a constraint counts some other set of pods (often none), so
// the workload's replicas are not spread at all: a zone or node outage takes
// all of them. Terms about other workloads' pods are legitimate for affinity
// (co-locate with a cache), so only anti-affinity and spread constraints,
// which exist to separate a workload from itself, are checked.
var SpreadSelectorMissesOwnPods = &lint.Rule{
	ID:       "spread-selector-misses-own-pods",
	Severity: lint.Warning,
	Why:      "A topology spread constraint or pod anti-affinity whose labelSelector does not match the pod's own labels spreads the workload away from some other set of pods, usually none: its replicas may all land in one zone or on one node.",
	Fix:      "Select the workload's own pod labels (app.kubernetes.io/name and app.kubernetes.io/instance, as agentscale renders), and keep them in step with the pod template's labels.",
	Check:    checkSpreadSelectorMissesOwnPods,
}

func checkSpreadSelectorMissesOwnPods(c *lint.Context) {
	for _, w := range c.Workloads() {
		pod, path := w.PodTemplate()
		if pod == nil {
			continue
		}
		own := labels.Set(pod.Labels)
		check := func(sel *metav1.LabelSelector, field, what string) {
			if sel == nil {
				return
			}
			s, err := metav1.LabelSelectorAsSelector(sel)
			if err != nil || s.Matches(own) {
				return
			}
			c.Report(w, lint.At(field, "replicas"), "%s of %s %s selects %s, which the pod's own labels do not match: its replicas are not spread", what, w.Kind, w.Name(), s.String())
		}
		for i, t := range pod.Spec.TopologySpreadConstraints {
			check(t.LabelSelector, fmt.Sprintf("%s.spec.topologySpreadConstraints[%d].labelSelector", path, i), "topology spread constraint "+t.TopologyKey)
		}
		if a := pod.Spec.Affinity; a != nil && a.PodAntiAffinity != nil {
			for i, t := range a.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution {
				check(t.LabelSelector, fmt.Sprintf("%s.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[%d].labelSelector", path, i), antiWhat(t))
			}
			for i, t := range a.PodAntiAffinity.PreferredDuringSchedulingIgnoredDuringExecution {
				check(t.PodAffinityTerm.LabelSelector, fmt.Sprintf("%s.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[%d].podAffinityTerm.labelSelector", path, i), antiWhat(t.PodAffinityTerm))
			}
		}
	}
}

func antiWhat(t corev1.PodAffinityTerm) string { return "pod anti-affinity on " + t.TopologyKey }
