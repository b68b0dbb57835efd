package lint

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

// LimitRangeDefault returns the LimitRange in ns whose Container item fills
// in r when a container leaves it out, and the value: for a limit, the
// item's default; for a request, its defaultRequest, else its default
// (the API server defaults one from the other, SetDefaults_LimitRangeItem).
// The LimitRanger admission plugin applies it at pod creation, so a
// container without its own value gets that one.
func (ix *index) LimitRangeDefault(ns string, r corev1.ResourceName, limit bool) (*Object, resource.Quantity, bool) {
	for _, o := range ix.byKind["LimitRange"] {
		lr, ok := o.Obj.(*corev1.LimitRange)
		if !ok || o.Namespace() != ns {
			continue
		}
		for _, item := range lr.Spec.Limits {
			if item.Type != corev1.LimitTypeContainer {
				continue
			}
			if !limit {
				if q, ok := item.DefaultRequest[r]; ok && !q.IsZero() {
					return o, q, true
				}
			}
			if q, ok := item.Default[r]; ok && !q.IsZero() {
				return o, q, true
			}
		}
	}
	return nil, resource.Quantity{}, false
}
