package lint

import (
	"fmt"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/agentscale/agentscale/internal/kustomize"
	"github.com/agentscale/agentscale/internal/manifest"
	"github.com/agentscale/agentscale/internal/render"
	"github.com/agentscale/agentscale/internal/spec"
)

// RenderSwarm renders a swarm exactly as `agentscale render` does — render,
// then the kustomize fields of the environment it was loaded with — so that
// lint judges the objects that will be applied. Objects kustomize changed
// come back unstructured; they are decoded into their types again.
func RenderSwarm(sw *spec.Swarm) ([]render.Object, error) {
	objs, err := render.Render(sw, render.Options{})
	if err != nil {
		return nil, err
	}
	if objs, err = kustomize.Apply(sw, objs, ""); err != nil {
		return nil, err
	}
	for i := range objs {
		u, ok := objs[i].Obj.(*unstructured.Unstructured)
		if !ok {
			continue
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
