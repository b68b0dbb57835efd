// Package grafana holds the Go type of the grafana-operator object
// agentscale renders (grafana.integreatly.org/v1beta1 GrafanaDashboard),
// with the fields it writes. grafana-operator's module is not imported for
// them: its dependency tree is a controller's. Field names and JSON tags
// follow its CRD (config/crd/bases in github.com/grafana/grafana-operator/v5
// v5.18.0).
package grafana

import (
	"encoding/json"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

// APIVersion and kind of grafana-operator's dashboard.
const (
	APIVersion = "grafana.integreatly.org/v1beta1"
	Kind       = "GrafanaDashboard"
)

// GrafanaDashboard loads a dashboard's JSON into the Grafana instances its
// selector matches.
type GrafanaDashboard struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              GrafanaDashboardSpec `json:"spec"`
}

// GrafanaDashboardSpec selects the Grafana instances and the JSON to load.
type GrafanaDashboardSpec struct {
	InstanceSelector          metav1.LabelSelector         `json:"instanceSelector"`
	AllowCrossNamespaceImport bool                         `json:"allowCrossNamespaceImport,omitempty"`
	Folder                    string                       `json:"folder,omitempty"`
	ConfigMapRef              *corev1.ConfigMapKeySelector `json:"configMapRef,omitempty"`
}

// DeepCopyObject satisfies runtime.Object. It copies through JSON: the
// object is copied rarely, so generated deepcopy code would be weight.
func (g *GrafanaDashboard) DeepCopyObject() runtime.Object {
	b, err := json.Marshal(g)
	if err != nil {
		panic(err) // plain data: marshalling cannot fail
	}
	out := &GrafanaDashboard{}
	if err := json.Unmarshal(b, out); err != nil {
		panic(err)
	}
	return out
}
