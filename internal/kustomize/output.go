package kustomize

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/agentscale/agentscale/internal/apirules"
	"github.com/agentscale/agentscale/internal/render"
	"github.com/agentscale/agentscale/internal/spec"
)

// maxOutputErrors bounds what checkOutput reports: the first few name the
// patch to fix.
const maxOutputErrors = 20

// checkOutput applies the API server's field rules to the objects
// kustomize changed: a patch, namePrefix or commonLabels can make what
// validate accepted invalid. The errors are at the environment's kustomize
// field, naming the object and its field.
func checkOutput(s *spec.Swarm, objs []render.Object) error {
	var errs spec.ErrorList
	at := envPath(s.Env) + ".kustomize"
	for _, o := range objs {
		u, ok := o.Obj.(*unstructured.Unstructured)
		if !ok {
			continue // untouched: validate checked its sources
		}
		for _, e := range objectRules(u) {
			if len(errs) == maxOutputErrors {
				break
			}
			errs = append(errs, &spec.Error{Pos: s.Pos(at), Path: strings.TrimPrefix(at, "spec."),
				Msg: fmt.Sprintf("after kustomize, %s %s: %s: %s", u.GetKind(), u.GetName(), e.Path, e.Msg)})
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// podTemplatePaths are where the kinds render emits keep a pod template.
var podTemplatePaths = map[string][]string{
	"Deployment":  {"spec", "template"},
	"StatefulSet": {"spec", "template"},
	"Job":         {"spec", "template"},
	"ScaledJob":   {"spec", "jobTargetRef", "template"},
}

func objectRules(u *unstructured.Unstructured) apirules.Errors {
	var errs apirules.Errors
	name := u.GetName()
	if u.GetKind() == "Service" {
		errs = append(errs, apirules.DNSLabel("metadata.name", "Service name", name)...)
	} else {
		errs = append(errs, apirules.DNSSubdomain("metadata.name", "name", name)...)
	}
	if ns := u.GetNamespace(); ns != "" {
		errs = append(errs, apirules.DNSLabel("metadata.namespace", "namespace", ns)...)
	}
	errs = append(errs, apirules.Labels("metadata.labels", u.GetLabels())...)
	errs = append(errs, apirules.Annotations("metadata.annotations", u.GetAnnotations())...)
	path, ok := podTemplatePaths[u.GetKind()]
	if !ok {
		return errs
	}
	// No copy: kustomize's maps hold Go ints, which the copying getters refuse.
	v, found, err := unstructured.NestedFieldNoCopy(u.Object, path...)
	raw, isMap := v.(map[string]any)
	if err != nil || !found || !isMap {
		return errs
	}
	var pod corev1.PodTemplateSpec
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(raw, &pod); err != nil {
		return append(errs, apirules.Error{Path: strings.Join(path, "."), Msg: "not a pod template: " + err.Error()})
	}
	errs = append(errs, apirules.PodTemplate(strings.Join(path, "."), &pod)...)
	// Workloads with their own selector (a Job's is generated).
	if sel, found, _ := unstructured.NestedStringMap(u.Object, "spec", "selector", "matchLabels"); found && u.GetKind() != "Job" && u.GetKind() != "ScaledJob" {
		errs = append(errs, apirules.TemplateSelected("spec.selector.matchLabels", sel, pod.Labels)...)
	}
	return errs
}
