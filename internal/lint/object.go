package lint

import (
	"strconv"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"

	"github.com/agentscale/agentscale/internal/keda"
	"github.com/agentscale/agentscale/internal/render"
	"github.com/agentscale/agentscale/internal/spec"
)

// Object is one Kubernetes object under lint, with the intent behind it and
// a way back to the line that produced it.
type Object struct {
	// Obj is the typed object: a k8s.io/api struct, an internal/keda type,
	// a prometheus-operator type, or *metav1.PartialObjectMetadata for kinds
	// no rule knows (kept so that references to them resolve).
	Obj render.KubeObject
	// Kind and APIVersion as written (or rendered).
	Kind, APIVersion string
	// Intent is what the swarm (or agentscale.dev/* annotations) says about
	// the object beyond Kubernetes.
	Intent Intent

	origin origin
	// ignore maps suppressed rule ids to their reasons.
	ignore map[string]string
}

// origin maps a Where to a position: a manifest document or a swarm role.
type origin interface {
	pos(w Where) spec.Pos
	file() string
}

// Intent is what the author meant, beyond what Kubernetes records. Zero
// values mean unknown: rules that need a fact stay silent without it.
type Intent struct {
	// Role is the swarm role that produced the object ("" unknown).
	Role string
	// State is how the agent keeps state ("" unknown).
	State spec.State
	// StableIdentity says the agents need stable pod names without a disk
	// (they shard by ordinal): their StatefulSet is deliberate.
	StableIdentity bool
	// Pool is the node pool the pods run on, with what a node offers.
	Pool *spec.NodePool
	// Partitions holds the partition count of each Kafka trigger by its
	// index in spec.triggers (ScaledObject and ScaledJob only).
	Partitions map[int]int32
	// FromSwarm is true for objects rendered from a swarm file.
	FromSwarm bool
	// Images are the image rewrites of the environment being linted
	// (environments.<env>.kustomize.images), which kustomize applies after
	// rendering: a rule about images judges the image that will run.
	Images []spec.KustomizeImage
}

// Name, Namespace and Ref identify the object in messages.
func (o *Object) Name() string      { return o.Obj.GetName() }
func (o *Object) Namespace() string { return o.Obj.GetNamespace() }

// Ref is "Kind namespace/name" (or "Kind name" without a namespace).
func (o *Object) Ref() string {
	if ns := o.Namespace(); ns != "" {
		return o.Kind + " " + ns + "/" + o.Name()
	}
	return o.Kind + " " + o.Name()
}

// File is the file the object came from.
func (o *Object) File() string { return o.origin.file() }

// Pos is where the field named by w starts in the input.
func (o *Object) Pos(w Where) spec.Pos { return o.origin.pos(w) }

// Live reports whether the object was read back from a cluster (kubectl get
// -o yaml): the API server set its uid or resourceVersion. Its fields then
// include server defaults and controllers' writes (spec.replicas set by an
// HPA), so rules about what a manifest author wrote should skip it.
func (o *Object) Live() bool {
	return o.Obj.GetUID() != "" || o.Obj.GetResourceVersion() != ""
}

// PodTemplate returns the object's pod template and the field path to it,
// or nil for kinds that have none.
func (o *Object) PodTemplate() (*corev1.PodTemplateSpec, string) {
	switch x := o.Obj.(type) {
	case *appsv1.Deployment:
		return &x.Spec.Template, "spec.template"
	case *appsv1.StatefulSet:
		return &x.Spec.Template, "spec.template"
	case *appsv1.DaemonSet:
		return &x.Spec.Template, "spec.template"
	case *appsv1.ReplicaSet:
		return &x.Spec.Template, "spec.template"
	case *batchv1.Job:
		return &x.Spec.Template, "spec.template"
	case *batchv1.CronJob:
		return &x.Spec.JobTemplate.Spec.Template, "spec.jobTemplate.spec.template"
	case *keda.ScaledJob:
		if x.Spec.JobTargetRef != nil {
			return &x.Spec.JobTargetRef.Template, "spec.jobTargetRef.template"
		}
	case *corev1.Pod:
		return &corev1.PodTemplateSpec{ObjectMeta: x.ObjectMeta, Spec: x.Spec}, ""
	}
	return nil, ""
}

// Replicas returns the workload's spec.replicas (nil when unset or when the
// kind has none).
func (o *Object) Replicas() *int32 {
	switch x := o.Obj.(type) {
	case *appsv1.Deployment:
		return x.Spec.Replicas
	case *appsv1.StatefulSet:
		return x.Spec.Replicas
	case *appsv1.ReplicaSet:
		return x.Spec.Replicas
	}
	return nil
}

// Scalable reports whether an HPA or ScaledObject may target the object's kind.
func (o *Object) Scalable() bool {
	switch o.Obj.(type) {
	case *appsv1.Deployment, *appsv1.StatefulSet, *appsv1.ReplicaSet:
		return true
	}
	return false
}

// Containers returns the pod's containers with the path of each, init
// containers included, so a rule reports the container it means.
func Containers(pod *corev1.PodTemplateSpec, prefix string) []Container {
	var out []Container
	base := joinPath(prefix, "spec")
	for i := range pod.Spec.InitContainers {
		out = append(out, Container{&pod.Spec.InitContainers[i], indexPath(base+".initContainers", i), true})
	}
	for i := range pod.Spec.Containers {
		out = append(out, Container{&pod.Spec.Containers[i], indexPath(base+".containers", i), false})
	}
	return out
}

// Container is a container of a pod template and its field path.
type Container struct {
	*corev1.Container
	Path string
	Init bool
}

func joinPath(a, b string) string {
	if a == "" {
		return b
	}
	if b == "" {
		return a
	}
	return a + "." + b
}

func indexPath(p string, i int) string {
	return p + "[" + strconv.Itoa(i) + "]"
}
