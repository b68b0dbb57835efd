package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	appsv1 "k8s.io/api/apps/v1"

	"github.com/agentscale/agentscale/internal/lint"
)

// MutableSelectorLabel: a Deployment's or StatefulSet's selector that
// matches on a label that changes with each release: a version label
// (app.kubernetes.io/version, version, helm.sh/chart, ...) or a value that
// looks like an image tag (1.4.2, v2). spec.selector is immutable after
// creation, so the upgrade that changes the label fails ("field is
// immutable") or, if the template alone changes, matches no pods.
var MutableSelectorLabel = &lint.Rule{
	ID:       "mutable-selector-label",
	Severity: lint.Error,
	Why:      "A workload's selector is immutable: a version or image-tag label in it makes the next upgrade fail with \"field is immutable\", and changing it means deleting and recreating the workload.",
	Fix:      "Select on labels that never change (app.kubernetes.io/name and app.kubernetes.io/instance, as agentscale renders) and keep version labels on the pod template only.",
	Check:    checkMutableSelectorLabel,
}

// versionKeys are label keys whose values change with each release.
var versionKeys = []string{"app.kubernetes.io/version", "version", "helm.sh/chart", "chart", "release", "image-tag", "tag"}

// tagLike is a value that reads as a release: 1.4, v2, 1.4.2-rc.1.
var tagLike = regexp.MustCompile(`^v?\d+(\.\d+)+([-+][0-9A-Za-z.-]+)?$|^v\d+$`)

func checkMutableSelectorLabel(c *lint.Context) {
	for _, w := range c.Workloads() {
		var sel *metav1.LabelSelector
		switch x := w.Obj.(type) {
		case *appsv1.Deployment:
			sel = x.Spec.Selector
		case *appsv1.StatefulSet:
			sel = x.Spec.Selector
		}
		if sel == nil {
			continue
		}
		keys := make([]string, 0, len(sel.MatchLabels))
		for k := range sel.MatchLabels {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			v := sel.MatchLabels[k]
			if !slices.Contains(versionKeys, strings.ToLower(k)) && !tagLike.MatchString(v) {
				continue
			}
			c.Report(w, lint.At(fmt.Sprintf("spec.selector.matchLabels[%q]", k), "labels"),
				"%s %s selects on %s=%s, which changes with each release; the selector is immutable, so the next upgrade fails", w.Kind, w.Name(), k, v)
		}
	}
}
