//go:build ignore

// A stand-in for internal/kube without client-go, for hack/startup-budget.sh
// alone: it measures what linking client-go costs every command.
package kube

import (
	"context"
	"errors"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

type Options struct {
	Kubeconfig, Context, FieldManager string
	ForceConflicts                    bool
}

type Cluster struct{ Namespace, Host string }

var errStub = errors.New("this measurement build has no client-go")

func Connect(Options) (*Cluster, error) { return nil, errStub }

func (*Cluster) Namespaced(context.Context, schema.GroupVersionKind) (bool, error) {
	return false, errStub
}

func (*Cluster) Get(context.Context, *unstructured.Unstructured) (*unstructured.Unstructured, error) {
	return nil, errStub
}

func (*Cluster) DryRunApply(context.Context, *unstructured.Unstructured) (*unstructured.Unstructured, error) {
	return nil, errStub
}

func (*Cluster) ApplySetMembers(context.Context, string, string) (string, []*unstructured.Unstructured, []string, error) {
	return "", nil, nil, errStub
}
