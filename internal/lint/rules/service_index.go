package rules

import (
	"sort"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/agentscale/agentscale/internal/lint"
)

// serviceIndex finds the Services whose readiness-gated endpoints include a
// pod without testing every Service against every pod: a Service's
// selector is a set of equalities, so it is filed under its smallest
// label pair and only Services filed under one of the pod's labels are
// tested in full.
type serviceIndex struct {
	byLabel map[serviceKey][]indexedService
}

type serviceKey struct{ namespace, key, value string }

type indexedService struct {
	obj   *lint.Object
	order int
	sel   labels.Selector
}

// newServiceIndex files the Services that route by readiness: those with a
// selector (without one, endpoints are managed by hand), that are not
// ExternalName, and that do not publish not-ready addresses.
func newServiceIndex(objs []*lint.Object) *serviceIndex {
	ix := &serviceIndex{byLabel: map[serviceKey][]indexedService{}}
	for i, o := range objs {
		svc, ok := o.Obj.(*corev1.Service)
		if !ok || len(svc.Spec.Selector) == 0 || svc.Spec.Type == corev1.ServiceTypeExternalName ||
			svc.Spec.PublishNotReadyAddresses {
			continue
		}
		first := ""
		for k := range svc.Spec.Selector {
			if first == "" || k < first {
				first = k
			}
		}
		key := serviceKey{o.Namespace(), first, svc.Spec.Selector[first]}
		ix.byLabel[key] = append(ix.byLabel[key], indexedService{o, i, labels.SelectorFromSet(svc.Spec.Selector)})
	}
	return ix
}

// selecting returns the Services of namespace ns selecting podLabels, in input order.
func (ix *serviceIndex) selecting(ns string, podLabels map[string]string) []*lint.Object {
	var hits []indexedService
	set := labels.Set(podLabels)
	for k, v := range podLabels {
		for _, s := range ix.byLabel[serviceKey{ns, k, v}] {
			if s.sel.Matches(set) {
				hits = append(hits, s)
			}
		}
	}
	sort.Slice(hits, func(i, j int) bool { return hits[i].order < hits[j].order })
	out := make([]*lint.Object, len(hits))
	for i, s := range hits {
		out[i] = s.obj
	}
	return out
}
