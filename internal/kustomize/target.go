package kustomize

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/agentscale/agentscale/internal/render"
	"github.com/agentscale/agentscale/internal/spec"
	"sigs.k8s.io/kustomize/api/types"
	"sigs.k8s.io/kustomize/kyaml/resid"
	kyaml "sigs.k8s.io/kustomize/kyaml/yaml"
)

// patchObject is the object a strategic-merge patch names.
type patchObject struct {
	group, version, kind, name, namespace string
}

// named returns the object a strategic-merge patch names; ok is false for
// anything else (a JSON 6902 patch, text that is not one object).
func named(patch string) (o patchObject, ok bool) {
	n, err := kyaml.Parse(patch)
	if err != nil || n.YNode().Kind != kyaml.MappingNode {
		return o, false
	}
	meta, err := n.GetMeta()
	if err != nil || meta.Kind == "" || meta.Name == "" {
		return o, false
	}
	o.group, o.version = resid.ParseGroupVersion(meta.APIVersion)
	o.kind, o.name, o.namespace = meta.Kind, meta.Name, meta.Namespace
	return o, true
}

// implicitTarget selects the object a strategic-merge patch without a
// target names. kustomize matches a patch that gives no namespace only
// against objects without one, but every rendered object has the swarm's
// (or the environment's, or --namespace's): a target of kind and name
// matches it in any namespace, so patches read like the objects they fix.
// A target also lets Apply build in batches: a batch that lacks the object
// does not match, where a target-less patch would fail.
func implicitTarget(patch string) *types.Selector {
	o, ok := named(patch)
	if !ok {
		return nil
	}
	sel := &types.Selector{ResId: resid.ResId{
		Gvk:  resid.Gvk{Group: o.group, Version: o.version, Kind: o.kind},
		Name: "^" + regexp.QuoteMeta(o.name) + "$", // selectors are regular expressions
	}}
	if o.namespace != "" {
		sel.Namespace = "^" + regexp.QuoteMeta(o.namespace) + "$"
	}
	return sel
}

// checkPatchTargets reports a strategic-merge patch that names an object
// the swarm does not render. kustomize fails on such a patch; with the
// implicit target it would silently do nothing, which is worse.
func checkPatchTargets(s *spec.Swarm, k *spec.Kustomize, objs []render.Object) error {
	for i, p := range k.Patches {
		if p.Target != nil {
			continue
		}
		want, ok := named(p.Patch)
		if !ok {
			continue
		}
		var same []string
		found := false
		for _, o := range objs {
			gvk := o.Obj.GetObjectKind().GroupVersionKind()
			if gvk.Kind != want.kind || (want.group != "" && gvk.Group != want.group) ||
				(want.namespace != "" && o.Obj.GetNamespace() != want.namespace) {
				continue
			}
			if o.Obj.GetName() == want.name {
				found = true
				break
			}
			same = append(same, o.Obj.GetName())
		}
		if found {
			continue
		}
		what := fmt.Sprintf("%s %q", want.kind, want.name)
		if want.namespace != "" {
			what += fmt.Sprintf(" in namespace %q", want.namespace)
		}
		msg := fmt.Sprintf("patch names %s, which the swarm does not render", what)
		if len(same) > 0 {
			sort.Strings(same)
			msg += fmt.Sprintf(" (its %ss: %s)", want.kind, strings.Join(same, ", "))
		}
		path := envPath(s.Env) + ".kustomize.patches[" + strconv.Itoa(i) + "]"
		return &spec.Error{Pos: s.Pos(path), Path: strings.TrimPrefix(path, "spec."), Msg: msg}
	}
	return nil
}
