package rules

import (
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/agentscale/agentscale/internal/lint"
)

// DanglingAutoscaler: an HPA or ScaledObject whose target is not there.
// Targets match as the API server resolves them: name, kind and API group
// in the autoscaler's namespace (extensions/v1beta1 Deployments are gone).
// A missing target is info for plain manifests (the workload may come from
// another chart) and a warning for a rendered swarm (it is a render bug).
// Likely mistakes warn even in a partial set: a same-named workload of
// another kind or group, or the target in another explicit namespace. When
// either side leaves its namespace unset (kubectl -n or kustomize decides)
// a same-named target elsewhere is taken to be it.
var DanglingAutoscaler = &lint.Rule{
	ID:       "dangling-autoscaler",
	Severity: lint.Warning,
	Why:      "An autoscaler whose scale target does not exist scales nothing: the HPA reports FailedGetScale and the workload it was meant for runs unscaled.",
	Fix:      "Point scaleTargetRef at the workload's apiVersion, kind and name in the autoscaler's namespace, or delete the autoscaler.",
	Check:    checkDanglingAutoscaler,
}

func checkDanglingAutoscaler(c *lint.Context) {
	for _, a := range c.Autoscalers() {
		if c.TargetOf(a) != nil {
			continue
		}
		ref, _ := lint.ScaleTarget(a)
		at := lint.At(ref.Path, "scaling")
		if ref.Name == "" {
			c.Report(a, at, "%s %s names no scale target", a.Kind, a.Name())
			continue
		}
		if w := sameTargetElsewhere(c, a, ref); w != nil {
			if w.Namespace() == "" || a.Namespace() == "" {
				continue // kubectl -n or kustomize may put both in one namespace
			}
			c.Report(a, at, "%s %s targets %s %s in namespace %q, but %s is in namespace %q; a scale target must be in the autoscaler's namespace",
				a.Kind, a.Name(), ref.Kind, ref.Name, a.Namespace(), ref.Name, w.Namespace())
			continue
		}
		if w := sameNameOtherKind(c, a, ref); w != nil {
			api := ref.APIVersion
			if api == "" {
				api = "no apiVersion: the core group"
			}
			c.Report(a, at, "%s %s targets %s %s (%s), which is not in the input; %s (%s) is",
				a.Kind, a.Name(), ref.Kind, ref.Name, api, w.Ref(), w.APIVersion)
			continue
		}
		sev := c.Rule().Severity
		if c.Partial {
			sev = lint.Info // the target may be applied from elsewhere
		}
		c.ReportSeverity(sev, a, at, "%s %s targets %s %s, which is not in the input", a.Kind, a.Name(), ref.Kind, ref.Name)
	}
}

// sameTargetElsewhere finds the target in another namespace.
func sameTargetElsewhere(c *lint.Context, a *lint.Object, ref lint.TargetRef) *lint.Object {
	group := schema.FromAPIVersionAndKind(ref.APIVersion, ref.Kind).Group
	for _, w := range c.Kind(ref.Kind) {
		if w.Name() == ref.Name && schema.FromAPIVersionAndKind(w.APIVersion, w.Kind).Group == group {
			return w
		}
	}
	return nil
}

// sameNameOtherKind finds what the author probably meant: a scalable
// workload of the target's name in the autoscaler's namespace, of another
// kind or API group (a StatefulSet, or an extensions/v1beta1 Deployment
// reference the API server no longer serves).
func sameNameOtherKind(c *lint.Context, a *lint.Object, ref lint.TargetRef) *lint.Object {
	for _, w := range c.Workloads() {
		if w.Name() == ref.Name && w.Scalable() && w.Namespace() == a.Namespace() {
			return w
		}
	}
	return nil
}
