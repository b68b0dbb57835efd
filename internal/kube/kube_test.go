package kube

import (
	"testing"

	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// The static mapper gives every kind render writes its real resource and
// scope, and a kind named without a version its newest one, as discovery
// would.
func TestKnownKinds(t *testing.T) {
	m := knownKinds()
	for _, c := range []struct {
		gk       schema.GroupKind
		version  string
		resource string
		cluster  bool
	}{
		{schema.GroupKind{Group: "apps", Kind: "Deployment"}, "v1", "deployments", false},
		{schema.GroupKind{Group: "apps", Kind: "StatefulSet"}, "v1", "statefulsets", false},
		{schema.GroupKind{Group: "autoscaling", Kind: "HorizontalPodAutoscaler"}, "v2", "horizontalpodautoscalers", false},
		{schema.GroupKind{Group: "policy", Kind: "PodDisruptionBudget"}, "v1", "poddisruptionbudgets", false},
		{schema.GroupKind{Group: "scheduling.k8s.io", Kind: "PriorityClass"}, "v1", "priorityclasses", true},
		{schema.GroupKind{Kind: "Namespace"}, "v1", "namespaces", true},
		{schema.GroupKind{Kind: "ServiceAccount"}, "v1", "serviceaccounts", false},
		{schema.GroupKind{Group: "networking.k8s.io", Kind: "NetworkPolicy"}, "v1", "networkpolicies", false},
		{schema.GroupKind{Group: "keda.sh", Kind: "ScaledObject"}, "v1alpha1", "scaledobjects", false},
		{schema.GroupKind{Group: "keda.sh", Kind: "TriggerAuthentication"}, "v1alpha1", "triggerauthentications", false},
		{schema.GroupKind{Group: "monitoring.coreos.com", Kind: "PrometheusRule"}, "v1", "prometheusrules", false},
		{schema.GroupKind{Group: "grafana.integreatly.org", Kind: "GrafanaDashboard"}, "v1beta1", "grafanadashboards", false},
	} {
		rm, err := m.RESTMapping(c.gk) // no version: the newest
		if err != nil {
			t.Errorf("%s: %v", c.gk, err)
			continue
		}
		if rm.Resource.Version != c.version || rm.Resource.Resource != c.resource || (rm.Scope.Name() == meta.RESTScopeNameRoot) != c.cluster {
			t.Errorf("%s: %s (%s), want %s/%s cluster-scoped=%v", c.gk, rm.Resource, rm.Scope.Name(), c.version, c.resource, c.cluster)
		}
	}
	if _, err := m.RESTMapping(schema.GroupKind{Group: "example.com", Kind: "Widget"}); !meta.IsNoMatchError(err) {
		t.Errorf("an unknown kind: %v", err)
	}
}
