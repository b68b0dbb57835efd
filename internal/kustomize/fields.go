package kustomize

import (
	"strconv"
	"strings"

	"github.com/agentscale/agentscale/internal/spec"
	"sigs.k8s.io/kustomize/api/types"
	"sigs.k8s.io/kustomize/kyaml/resid"
)

// Fields returns the kustomize fields of the environment s was loaded
// with, or nil when there are none. A non-empty namespace (the --namespace
// flag) replaces the environment's kustomize namespace: the flag wins over
// everything the file says.
func Fields(s *spec.Swarm, namespace string) *spec.Kustomize {
	if s == nil || s.Env == "" {
		return nil
	}
	env, ok := s.Spec.Environments[s.Env]
	if !ok || env.Kustomize == nil || isEmpty(env.Kustomize) {
		return nil
	}
	k := *env.Kustomize
	if namespace != "" && k.Namespace != "" {
		k.Namespace = namespace
	}
	return &k
}

func isEmpty(k *spec.Kustomize) bool {
	return len(k.Patches) == 0 && len(k.Images) == 0 && k.Namespace == "" &&
		len(k.CommonLabels) == 0 && len(k.CommonAnnotations) == 0 &&
		k.NamePrefix == "" && k.NameSuffix == ""
}

// kustomization is the kustomization kustomize builds for k, over the
// given resource files and transformer configurations.
//
// commonLabels is written as its documented replacement, labels with
// includeSelectors (what `kustomize edit fix` does): the same result,
// without the deprecation warning kustomize prints straight to os.Stderr.
func kustomization(k *spec.Kustomize, resources, configurations []string) *types.Kustomization {
	kz := &types.Kustomization{
		TypeMeta:          types.TypeMeta{APIVersion: types.KustomizationVersion, Kind: types.KustomizationKind},
		Resources:         resources,
		Configurations:    configurations,
		Namespace:         k.Namespace,
		NamePrefix:        k.NamePrefix,
		NameSuffix:        k.NameSuffix,
		CommonAnnotations: k.CommonAnnotations,
		SortOptions:       &types.SortOptions{Order: types.FIFOSortOrder},
	}
	if len(k.CommonLabels) > 0 {
		kz.Labels = []types.Label{{Pairs: k.CommonLabels, IncludeSelectors: true}}
	}
	for _, img := range k.Images {
		kz.Images = append(kz.Images, types.Image{Name: img.Name, NewName: img.NewName, NewTag: img.NewTag, Digest: img.Digest})
	}
	for _, p := range k.Patches {
		target := selector(p.Target)
		if target == nil {
			target = implicitTarget(p.Patch)
		}
		kz.Patches = append(kz.Patches, types.Patch{Patch: p.Patch, Target: target})
	}
	return kz
}

func selector(t *spec.PatchTarget) *types.Selector {
	if t == nil {
		return nil
	}
	return &types.Selector{
		ResId: resid.ResId{
			Gvk:       resid.Gvk{Group: t.Group, Version: t.Version, Kind: t.Kind},
			Name:      t.Name,
			Namespace: t.Namespace,
		},
		LabelSelector:      t.LabelSelector,
		AnnotationSelector: t.AnnotationSelector,
	}
}

// field is one kustomize field on its own: a patch, an image, or a scalar
// or map field. Apply builds each alone to find the one that fails.
type field struct {
	path string          // e.g. "spec.environments.prod.kustomize.patches[1]"
	only *spec.Kustomize // k with just this field
}

func splitFields(env string, k *spec.Kustomize) []field {
	base := envPath(env) + ".kustomize"
	var out []field
	add := func(name string, only spec.Kustomize) {
		out = append(out, field{path: base + "." + name, only: &only})
	}
	for i, p := range k.Patches {
		add("patches["+strconv.Itoa(i)+"]", spec.Kustomize{Patches: []spec.KustomizePatch{p}})
	}
	for i, img := range k.Images {
		add("images["+strconv.Itoa(i)+"]", spec.Kustomize{Images: []spec.KustomizeImage{img}})
	}
	if k.Namespace != "" {
		add("namespace", spec.Kustomize{Namespace: k.Namespace})
	}
	if len(k.CommonLabels) > 0 {
		add("commonLabels", spec.Kustomize{CommonLabels: k.CommonLabels})
	}
	if len(k.CommonAnnotations) > 0 {
		add("commonAnnotations", spec.Kustomize{CommonAnnotations: k.CommonAnnotations})
	}
	if k.NamePrefix != "" {
		add("namePrefix", spec.Kustomize{NamePrefix: k.NamePrefix})
	}
	if k.NameSuffix != "" {
		add("nameSuffix", spec.Kustomize{NameSuffix: k.NameSuffix})
	}
	return out
}

// envPath is the spec path of an environment, quoting names the way
// spec paths do ("spec.environments[\"eu.prod\"]").
func envPath(env string) string {
	if strings.ContainsAny(env, ".[]") {
		return "spec.environments[" + strconv.Quote(env) + "]"
	}
	return "spec.environments." + env
}
