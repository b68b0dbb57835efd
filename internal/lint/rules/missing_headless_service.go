package rules

import (
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/agentscale/agentscale/internal/lint"
)

// MissingHeadlessService: a StatefulSet whose serviceName is not a headless
// Service selecting its pods. A Service that exists but has a cluster IP,
// or whose selector misses the pods, is always a finding (no per-pod DNS
// records); a Service absent from the input is info for plain manifests
// (it may be applied from elsewhere). When either side leaves its
// namespace unset, a same-named Service in any namespace counts. An empty
// serviceName is optional since Kubernetes 1.30 and asks for no DNS
// names: silent. A headless Service without a selector (endpoints managed
// by hand) is trusted.
var MissingHeadlessService = &lint.Rule{
	ID:       "missing-headless-service",
	Severity: lint.Warning,
	Why:      "A StatefulSet's pods get their stable DNS names (name-0.service) only from the headless Service its serviceName names; without it peers cannot find each other by identity.",
	Fix:      "Add a Service with clusterIP: None, the serviceName's name and a selector matching the pods (agentscale renders <role>-peers for StatefulSet roles).",
	Check:    checkMissingHeadlessService,
}

func checkMissingHeadlessService(c *lint.Context) {
	for _, o := range c.Kind("StatefulSet") {
		sts, ok := o.Obj.(*appsv1.StatefulSet)
		if !ok || sts.Spec.ServiceName == "" {
			continue // optional since Kubernetes 1.30: no per-pod DNS names asked for
		}
		name := sts.Spec.ServiceName
		at := lint.At("spec.serviceName", "peers")
		svcObj := serviceNamed(c, o.Namespace(), name)
		if svcObj == nil {
			sev := c.Rule().Severity
			if c.Partial {
				sev = lint.Info // the Service may be applied from elsewhere
			}
			c.ReportSeverity(sev, o, at, "StatefulSet %s names Service %s, which is not in the input", o.Name(), name)
			continue
		}
		svc, ok := svcObj.Obj.(*corev1.Service)
		if !ok {
			continue
		}
		switch {
		case svc.Spec.ClusterIP != corev1.ClusterIPNone:
			c.Report(o, at, "StatefulSet %s names Service %s, which is not headless (clusterIP: None): its pods get no per-pod DNS names", o.Name(), name)
		case len(svc.Spec.Selector) > 0 &&
			!labels.SelectorFromSet(svc.Spec.Selector).Matches(labels.Set(sts.Spec.Template.Labels)):
			c.Report(o, at, "headless Service %s does not select the pods of StatefulSet %s: they get no per-pod DNS names", name, o.Name())
		}
	}
}

// serviceNamed finds the Service name in namespace ns; when either side
// leaves its namespace to kubectl -n or kustomize, a same-named Service in
// any namespace is taken to be it.
func serviceNamed(c *lint.Context, ns, name string) *lint.Object {
	if s := c.Lookup("", "Service", ns, name); s != nil {
		return s
	}
	for _, s := range c.Kind("Service") {
		if s.Name() == name && (ns == "" || s.Namespace() == "") {
			return s
		}
	}
	return nil
}
