package render

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Pod Security admission labels: every pod render writes passes the
// restricted standard, so the namespace enforces it (and warns and audits
// at the same level, so kubectl shows why a hand-added pod is refused).
const (
	labelPodSecurityEnforce        = "pod-security.kubernetes.io/enforce"
	labelPodSecurityEnforceVersion = "pod-security.kubernetes.io/enforce-version"
	labelPodSecurityWarn           = "pod-security.kubernetes.io/warn"
	labelPodSecurityAudit          = "pod-security.kubernetes.io/audit"
	podSecurityLevel               = "restricted"
)

// namespaceObject renders the swarm's Namespace, first in the output so
// that kubectl apply creates it before what lives in it.
func (r *renderer) namespaceObject() {
	o := &owner{name: r.s.Metadata.Name, instance: r.s.Metadata.Name, component: ComponentNamespace}
	m := r.clusterMeta(o, r.namespace)
	m.Labels[labelPodSecurityEnforce] = podSecurityLevel
	m.Labels[labelPodSecurityEnforceVersion] = "latest"
	m.Labels[labelPodSecurityWarn] = podSecurityLevel
	m.Labels[labelPodSecurityAudit] = podSecurityLevel
	r.add(stageNamespace, &corev1.Namespace{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Namespace"},
		ObjectMeta: m,
	}, -1, "spec.createNamespace")
}
