package lint

import (
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/agentscale/agentscale/internal/keda"
)

// index is the set of objects of one run, with lookups that cross objects
// the way Kubernetes does: same namespace, label selectors, scale targets.
// It is built once per run and read concurrently by the rules.
type index struct {
	objects  []*Object
	byKind   map[string][]*Object
	byName   map[objectKey]*Object
	scalers  []*Object
	byTarget map[*Object][]*Object
	pdbs     pdbIndex
	// Partial is true when the input may not hold every object the cluster
	// will (plain manifests); false for a swarm rendered whole.
	Partial bool
}

type objectKey struct{ group, kind, namespace, name string }

func newIndex(objs []*Object, partial bool) *index {
	ix := &index{objects: objs, byKind: map[string][]*Object{}, byName: map[objectKey]*Object{},
		byTarget: map[*Object][]*Object{}, Partial: partial}
	for _, o := range objs {
		ix.byKind[o.Kind] = append(ix.byKind[o.Kind], o)
		k := objectKey{APIGroup(o.APIVersion), o.Kind, o.Namespace(), o.Name()}
		if _, dup := ix.byName[k]; !dup {
			ix.byName[k] = o
		}
	}
	for _, o := range objs {
		if _, ok := ScaleTarget(o); ok && ix.ownerScaledObject(o) == nil {
			ix.scalers = append(ix.scalers, o)
			if t := ix.TargetOf(o); t != nil {
				ix.byTarget[t] = append(ix.byTarget[t], o)
			}
		}
	}
	ix.pdbs = newPDBIndex(ix.byKind["PodDisruptionBudget"])
	return ix
}

// ownerScaledObject is the ScaledObject in the input that owns a (the
// keda-hpa-<name> HPA KEDA creates, as every export of a live cluster holds),
// or nil. That HPA is the ScaledObject's means, not a second autoscaler.
func (ix *index) ownerScaledObject(a *Object) *Object {
	if _, ok := a.Obj.(*autoscalingv2.HorizontalPodAutoscaler); !ok {
		return nil
	}
	for _, ref := range a.Obj.GetOwnerReferences() {
		if ref.Kind == "ScaledObject" && APIGroup(ref.APIVersion) == "keda.sh" {
			if so := ix.Lookup("keda.sh", "ScaledObject", a.Namespace(), ref.Name); so != nil {
				return so
			}
		}
	}
	return nil
}

// APIGroup is the group of an apiVersion: "apps/v1" → "apps", "v1" → "".
func APIGroup(apiVersion string) string {
	gv, _ := schema.ParseGroupVersion(apiVersion)
	return gv.Group
}

// Objects returns every object, in input order.
func (ix *index) Objects() []*Object { return ix.objects }

// Kind returns the objects of a kind ("Deployment"), in input order.
func (ix *index) Kind(kind string) []*Object { return ix.byKind[kind] }

// Workloads returns the objects that run pods (they have a pod template).
func (ix *index) Workloads() []*Object {
	var out []*Object
	for _, o := range ix.objects {
		if pod, _ := o.PodTemplate(); pod != nil {
			out = append(out, o)
		}
	}
	return out
}

// Lookup finds an object by API group, kind, namespace and name.
func (ix *index) Lookup(group, kind, namespace, name string) *Object {
	return ix.byName[objectKey{group, kind, namespace, name}]
}

// PDBsFor returns the PodDisruptionBudgets in w's namespace whose selector
// matches w's pod labels, in input order.
func (ix *index) PDBsFor(w *Object) []*Object {
	pod, _ := w.PodTemplate()
	if pod == nil {
		return nil
	}
	return ix.pdbs.matching(w.Namespace(), pod.Labels)
}

// Autoscalers returns the HPAs and ScaledObjects in the input.
func (ix *index) Autoscalers() []*Object { return ix.scalers }

// AutoscalersFor returns the HPAs and ScaledObjects whose scale target is w.
func (ix *index) AutoscalersFor(w *Object) []*Object { return ix.byTarget[w] }

// TargetOf returns the object an autoscaler scales, or nil when it is not in
// the input. Names match within the autoscaler's namespace, by API group
// and kind (the version may differ, as with the API server).
func (ix *index) TargetOf(a *Object) *Object {
	ref, ok := ScaleTarget(a)
	if !ok {
		return nil
	}
	return ix.Lookup(APIGroup(ref.APIVersion), ref.Kind, a.Namespace(), ref.Name)
}

// TargetRef is the workload an autoscaler names, with defaults applied.
type TargetRef struct {
	APIVersion, Kind, Name string
	// Path is the field path of the reference in the autoscaler.
	Path string
}

// ScaleTarget returns the scale target of an HPA or a ScaledObject. KEDA's
// defaults apply: apps/v1 Deployment when apiVersion or kind is omitted.
func ScaleTarget(a *Object) (TargetRef, bool) {
	switch x := a.Obj.(type) {
	case *autoscalingv2.HorizontalPodAutoscaler:
		r := x.Spec.ScaleTargetRef
		return TargetRef{r.APIVersion, r.Kind, r.Name, "spec.scaleTargetRef"}, true
	case *keda.ScaledObject:
		if x.Spec.ScaleTargetRef == nil {
			return TargetRef{}, false
		}
		r := *x.Spec.ScaleTargetRef
		if r.Kind == "" {
			r.Kind = "Deployment"
		}
		if r.APIVersion == "" {
			r.APIVersion = "apps/v1"
		}
		return TargetRef{r.APIVersion, r.Kind, r.Name, "spec.scaleTargetRef"}, true
	}
	return TargetRef{}, false
}
