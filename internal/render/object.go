package render

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

// KubeObject is a typed Kubernetes object: a k8s.io/api struct, a
// prometheus-operator type, or one of internal/keda's, with TypeMeta set.
type KubeObject interface {
	metav1.Object
	runtime.Object
}

// Object is one rendered object and the part of swarm.yaml that produced it.
type Object struct {
	Obj KubeObject
	// Role is the index of the role that produced the object in
	// spec.roles, or -1 for swarm-level objects (headroom, alerts, ...).
	Role int
	// Source is the spec path that produced the object, e.g.
	// "spec.roles[1].scaling.hpa"; swarm.Pos(Source) gives its line.
	Source string
}
