// Package build is the one pipeline from a loaded swarm to the objects that
// are applied: render, then the kustomize fields of the environment the
// swarm was loaded with, then every object typed again. render, validate
// --env, the KRM function, lint and simulate all call it, so they judge and
// simulate the same objects.
package build

import (
	"fmt"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/agentscale/agentscale/internal/kinds"
	"github.com/agentscale/agentscale/internal/kustomize"
	"github.com/agentscale/agentscale/internal/manifest"
	"github.com/agentscale/agentscale/internal/render"
	"github.com/agentscale/agentscale/internal/spec"
)

// Options change the build.
type Options struct {
	// Namespace overrides metadata.namespace when non-empty.
	Namespace string
	// NoDashboard leaves the Grafana dashboard out (render.Options).
	NoDashboard bool
}

// Objects renders s as it is applied. Errors in the swarm or its
// environment's kustomize fields are input errors (spec.IsInputError).
func Objects(s *spec.Swarm, opts Options) ([]render.Object, error) {
	if s.IsCluster() {
		return nil, spec.ErrorList{{Pos: s.Pos("kind"), Path: "kind",
			Msg: "a Cluster document describes node pools and controller settings, not a swarm: nothing to render (give it to simulate --cluster)"}}
	}
	objs, err := render.Render(s, render.Options{Namespace: opts.Namespace, NoDashboard: opts.NoDashboard})
	if err != nil {
		return nil, err
	}
	if objs, err = kustomize.Apply(s, objs, opts.Namespace); err != nil {
		return nil, err
	}
	// kustomize returns the objects it changed unstructured; type them
	// again, so every reader sees k8s.io/api (or agentscale's) types.
	for i := range objs {
		u, ok := objs[i].Obj.(*unstructured.Unstructured)
		if !ok || !kinds.Known(u.GetAPIVersion(), u.GetKind()) {
			continue // a kind without a Go type stays whole, not metadata only
		}
		data, err := u.MarshalJSON()
		if err != nil {
			return nil, err
		}
		typed, err := manifest.Typed(u.GetAPIVersion(), u.GetKind(), data)
		if err != nil {
			return nil, fmt.Errorf("%s %s after the environment's kustomize fields: %w", u.GetKind(), u.GetName(), err)
		}
		objs[i].Obj = typed
	}
	return objs, nil
}

// HasOverlay reports whether the environment s was loaded with changes the
// rendered objects (it has kustomize fields).
func HasOverlay(s *spec.Swarm) bool { return kustomize.Fields(s, "") != nil }
