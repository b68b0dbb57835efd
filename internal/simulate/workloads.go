package simulate

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	schedulingv1 "k8s.io/api/scheduling/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/agentscale/agentscale/internal/keda"
	"github.com/agentscale/agentscale/internal/render"
	simkeda "github.com/agentscale/agentscale/internal/simulate/keda"
	"github.com/agentscale/agentscale/internal/spec"
)

// Object is one Kubernetes object simulate reads: what a swarm renders,
// or a manifest.
type Object = render.KubeObject

// workload is one Deployment, StatefulSet or ScaledJob as simulate models
// it, with the objects that act on it: its HPA or ScaledObject, its
// PodDisruptionBudget, its PriorityClass's value. Everything simulate knows
// of a role comes from here, so a swarm and its rendered output simulate
// alike.
type workload struct {
	name   string // the role: agentscale.dev/role, else the object's name
	object string // "Deployment agents-responder", for messages
	kind   string
	meta   metav1.Object
	pod    *corev1.PodTemplateSpec
	// replicas is spec.replicas (1 when unset).
	replicas int32
	priority int32
	headroom bool

	hpa *autoscalingv2.HorizontalPodAutoscaler
	so  *keda.ScaledObject
	sj  *keda.ScaledJob
	pdb *policyv1.PodDisruptionBudget
	// auth names the parameters each trigger's TriggerAuthentication supplies.
	auth [][]string
	// tps, startup and commit are the role's simulation block, from the
	// agentscale.dev/* annotations render writes, or the defaults.
	tps             float64
	startup, commit int64
}

// autoscaled reports whether an HPA, a ScaledObject or a ScaledJob drives it.
func (w *workload) autoscaled() bool { return w.hpa != nil || w.so != nil || w.sj != nil }

// bounds are the replica range the summary shows.
func (w *workload) bounds() (lo, hi int32) {
	switch {
	case w.hpa != nil:
		return deref(w.hpa.Spec.MinReplicas, 1), w.hpa.Spec.MaxReplicas
	case w.so != nil:
		return deref(w.so.Spec.MinReplicaCount, 0), deref(w.so.Spec.MaxReplicaCount, simkeda.DefaultMaxReplicaCount)
	case w.sj != nil:
		return deref(w.sj.Spec.MinReplicaCount, 0), deref(w.sj.Spec.MaxReplicaCount, simkeda.DefaultMaxReplicaCount)
	}
	return w.replicas, w.replicas
}

// initial is the steady state before any load: an HPA's minimum, a
// ScaledObject's idle or minimum count, no Jobs, else spec.replicas.
func (w *workload) initial() int32 {
	switch {
	case w.sj != nil:
		return 0
	case w.so != nil:
		if w.so.Spec.IdleReplicaCount != nil {
			return *w.so.Spec.IdleReplicaCount
		}
		return deref(w.so.Spec.MinReplicaCount, 0)
	case w.hpa != nil:
		return deref(w.hpa.Spec.MinReplicas, 1)
	}
	return w.replicas
}

func deref(p *int32, def int32) int32 {
	if p == nil {
		return def
	}
	return *p
}

// workloads reads the objects: each Deployment, StatefulSet and ScaledJob,
// and what targets it. Plain Jobs are returned by name (they are roles the
// run knows but does not simulate) and, with CronJobs, in the notes.
func workloads(objs []Object) (ws []*workload, jobs, notes []string, err error) {
	var out []*workload
	byTarget := map[string]*workload{} // "Deployment/name"
	priorities := map[string]int32{}
	auths := map[string][]string{} // TriggerAuthentication name → parameters
	for _, o := range objs {
		switch obj := o.(type) {
		case *appsv1.Deployment:
			w := newWorkload("Deployment", obj, &obj.Spec.Template, obj.Spec.Replicas)
			out, byTarget["Deployment/"+obj.Name] = append(out, w), w
		case *appsv1.StatefulSet:
			w := newWorkload("StatefulSet", obj, &obj.Spec.Template, obj.Spec.Replicas)
			out, byTarget["StatefulSet/"+obj.Name] = append(out, w), w
		case *keda.ScaledJob:
			if obj.Spec.JobTargetRef == nil {
				return nil, nil, nil, fmt.Errorf("ScaledJob %s has no jobTargetRef", obj.Name)
			}
			w := newWorkload("ScaledJob", obj, &obj.Spec.JobTargetRef.Template, nil)
			w.sj = obj
			out = append(out, w)
		case *batchv1.Job:
			name := obj.Name
			if role := obj.Annotations[render.AnnotationRole]; role != "" {
				name = role
			}
			jobs = append(jobs, name)
			notes = append(notes, fmt.Sprintf("role %s is a Job without scaling.keda: plain Jobs are not simulated", name))
		case *batchv1.CronJob:
			notes = append(notes, fmt.Sprintf("CronJob %s is not simulated", obj.Name))
		case *schedulingv1.PriorityClass:
			priorities[obj.Name] = obj.Value
		case *keda.TriggerAuthentication:
			var params []string
			for _, r := range obj.Spec.SecretTargetRef {
				params = append(params, r.Parameter)
			}
			auths[obj.Name] = params
		}
	}
	for _, o := range objs {
		switch obj := o.(type) {
		case *autoscalingv2.HorizontalPodAutoscaler:
			ref := obj.Spec.ScaleTargetRef
			if w := byTarget[ref.Kind+"/"+ref.Name]; w != nil && w.so == nil {
				w.hpa = obj
			} else if w == nil {
				notes = append(notes, fmt.Sprintf("HorizontalPodAutoscaler %s targets %s %s, which is not among the objects: not simulated", obj.Name, ref.Kind, ref.Name))
			}
		case *keda.ScaledObject:
			ref := obj.Spec.ScaleTargetRef
			kind := "Deployment"
			if ref != nil && ref.Kind != "" {
				kind = ref.Kind
			}
			if ref == nil || byTarget[kind+"/"+ref.Name] == nil {
				notes = append(notes, fmt.Sprintf("ScaledObject %s targets no Deployment or StatefulSet among the objects: not simulated", obj.Name))
				continue
			}
			w := byTarget[kind+"/"+ref.Name]
			w.so, w.hpa = obj, nil // KEDA owns the HPA it creates
		case *policyv1.PodDisruptionBudget:
			sel, err := metav1.LabelSelectorAsSelector(obj.Spec.Selector)
			if err != nil || sel.Empty() {
				continue
			}
			for _, w := range out {
				if w.sj == nil && w.pdb == nil && sel.Matches(labels.Set(w.pod.Labels)) {
					w.pdb = obj
				}
			}
		}
	}
	pods := 0
	for _, w := range out {
		if err := w.read(); err != nil {
			return nil, nil, nil, err
		}
		_, hi := w.bounds()
		if pods += int(max(hi, w.replicas)); pods > MaxPods {
			return nil, nil, nil, usagef("the workloads may run more than %d pods together (up to %s's maximum); simulate holds at most %d", MaxPods, w.object, MaxPods)
		}
		w.priority = priorities[w.pod.Spec.PriorityClassName]
		w.headroom = w.priority < 0 && !w.autoscaled()
		var triggers []keda.ScaleTrigger
		switch {
		case w.so != nil:
			triggers = w.so.Spec.Triggers
		case w.sj != nil:
			triggers = w.sj.Spec.Triggers
		}
		for _, t := range triggers {
			var params []string
			if t.AuthenticationRef != nil {
				params = auths[t.AuthenticationRef.Name]
			}
			w.auth = append(w.auth, params)
		}
	}
	return out, jobs, notes, nil
}

// MaxReplicas bounds the replica counts a manifest may ask simulate for,
// as the swarm format does; MaxPods bounds their sum over the workloads'
// maxima: pods are simulated one by one.
const (
	MaxReplicas = 100_000
	MaxPods     = 1_000_000
)

// read refuses counts a manifest may hold but a run could not
// afford (a swarm's are bounded by its schema), and reads the simulation
// annotations, refusing those that are not numbers a run can use.
func (w *workload) read() error {
	type count struct {
		obj  Object
		path string
		v    *int32
	}
	var counts []count
	if o, ok := w.meta.(Object); ok && w.sj == nil {
		counts = append(counts, count{o, "spec.replicas", &w.replicas})
	}
	if h := w.hpa; h != nil {
		counts = append(counts, count{h, "spec.minReplicas", h.Spec.MinReplicas}, count{h, "spec.maxReplicas", &h.Spec.MaxReplicas})
	}
	if so := w.so; so != nil {
		counts = append(counts, count{so, "spec.minReplicaCount", so.Spec.MinReplicaCount}, count{so, "spec.maxReplicaCount", so.Spec.MaxReplicaCount},
			count{so, "spec.idleReplicaCount", so.Spec.IdleReplicaCount})
	}
	if sj := w.sj; sj != nil {
		counts = append(counts, count{sj, "spec.maxReplicaCount", sj.Spec.MaxReplicaCount})
	}
	for _, c := range counts {
		if c.v != nil && (*c.v < 0 || *c.v > MaxReplicas) {
			return &ObjectError{Obj: c.obj, Path: c.path, Msg: fmt.Sprintf("%d: simulate models 0 to %d replicas", *c.v, MaxReplicas)}
		}
	}
	a := w.meta.GetAnnotations()
	o, _ := w.meta.(Object)
	w.tps, w.startup = spec.DefaultTasksPerSecond, spec.DefaultStartupSeconds
	for _, key := range []string{render.AnnotationTasksPerSecond, render.AnnotationStartupSeconds, render.AnnotationCommitInterval} {
		v, ok := a[key]
		if !ok {
			continue
		}
		f, err := strconv.ParseFloat(v, 64)
		switch {
		case err != nil || math.IsNaN(f) || math.IsInf(f, 0):
			return &ObjectError{Obj: o, Path: "metadata.annotations." + key, Msg: fmt.Sprintf("%q is not a number", v)}
		case key == render.AnnotationTasksPerSecond && (f <= 0 || f > 1e9):
			return &ObjectError{Obj: o, Path: "metadata.annotations." + key, Msg: fmt.Sprintf("%s: want more than 0 tasks per second (at most 1e9)", v)}
		case key != render.AnnotationTasksPerSecond && (f < 0 || f > 86400 || f != math.Trunc(f)):
			return &ObjectError{Obj: o, Path: "metadata.annotations." + key, Msg: fmt.Sprintf("%s: want whole seconds from 0 to 86400", v)}
		}
		switch key {
		case render.AnnotationTasksPerSecond:
			w.tps = f
		case render.AnnotationStartupSeconds:
			w.startup = int64(f)
		default:
			w.commit = int64(f)
		}
	}
	return nil
}

func newWorkload(kind string, meta metav1.Object, pod *corev1.PodTemplateSpec, replicas *int32) *workload {
	w := &workload{name: meta.GetName(), object: kind + " " + meta.GetName(), kind: kind, meta: meta, pod: pod, replicas: deref(replicas, 1)}
	if role := meta.GetAnnotations()[render.AnnotationRole]; role != "" {
		w.name = role
	}
	return w
}

// requests are one pod's requests as the scheduler counts them: the sum
// over containers and sidecars, at least the largest init container's.
func (w *workload) requests() corev1.ResourceList {
	out := corev1.ResourceList{}
	p := &w.pod.Spec
	for _, c := range p.Containers {
		addAll(out, c.Resources.Requests)
	}
	sidecars := corev1.ResourceList{}
	for _, c := range p.InitContainers {
		if c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways {
			addAll(out, c.Resources.Requests)
			addAll(sidecars, c.Resources.Requests)
			continue
		}
		for name, q := range c.Resources.Requests {
			need := q.DeepCopy()
			need.Add(sidecars[name])
			if cur := out[name]; need.Cmp(cur) > 0 {
				out[name] = need
			}
		}
	}
	return out
}

// podRequests sums a pod's requests over its containers and sidecars
// (restartable init containers), as the HPA's calculateRequests does. A
// resource some container does not request is left out: the HPA cannot
// compute a utilization for it.
func podRequests(p *corev1.PodSpec) corev1.ResourceList {
	containers := append([]corev1.Container{}, p.Containers...)
	for _, c := range p.InitContainers {
		if c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways {
			containers = append(containers, c)
		}
	}
	out := corev1.ResourceList{}
	for _, name := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
		var sum resource.Quantity
		all := len(containers) > 0
		for _, c := range containers {
			q, ok := c.Resources.Requests[name]
			all = all && ok
			sum.Add(q)
		}
		if all {
			out[name] = sum
		}
	}
	return out
}

func addAll(dst, src corev1.ResourceList) {
	for _, name := range slices.Sorted(maps.Keys(src)) {
		q := dst[name]
		q.Add(src[name])
		dst[name] = q
	}
}

// poolFor is the node pool the workload's pods land on: the one its
// agentscale.dev/node-pool annotation names, else the one whose
// nodeSelector its pods select, else the first (nil without pools).
func poolFor(w *workload, pools []*spec.NodePool) *spec.NodePool {
	if name := w.meta.GetAnnotations()[render.AnnotationNodePool]; name != "" {
		for _, p := range pools {
			if p.Name == name {
				return p
			}
		}
	}
	for _, p := range pools {
		if len(p.NodeSelector) > 0 && labels.SelectorFromSet(p.NodeSelector).Matches(labels.Set(w.pod.Spec.NodeSelector)) {
			return p
		}
	}
	if len(pools) > 0 {
		return pools[0]
	}
	return nil
}

// poolsFromAnnotations are the node pools plain manifests describe with
// render's agentscale.dev/node-pool* annotations, for a run without
// --cluster: allocatable and maximum size, no minimum, no price.
func poolsFromAnnotations(ws []*workload) []spec.NodePool {
	var out []spec.NodePool
	seen := map[string]bool{}
	for _, w := range ws {
		a := w.meta.GetAnnotations()
		name := a[render.AnnotationNodePool]
		if name == "" || seen[name] {
			continue
		}
		alloc := render.ParseResources(a[render.AnnotationAllocatable])
		maxNodes, err := strconv.ParseInt(a[render.AnnotationPoolMaxNodes], 10, 32)
		if len(alloc) == 0 || err != nil || maxNodes < 1 || maxNodes > 100_000 {
			continue
		}
		seen[name] = true
		out = append(out, spec.NodePool{Name: name, Allocatable: alloc, MaxNodes: int32(maxNodes)})
	}
	return out
}

// partOf names a run of plain manifests: the app.kubernetes.io/part-of
// label its workloads share (render writes the swarm's name), else
// "manifests".
func partOf(ws []*workload) string {
	for _, w := range ws {
		if v := w.meta.GetLabels()[render.LabelPartOf]; v != "" {
			return v
		}
	}
	return "manifests"
}
