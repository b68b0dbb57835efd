package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/agentscale/agentscale/internal/dashboard"
	"github.com/agentscale/agentscale/internal/grafana"
	"github.com/agentscale/agentscale/internal/spec"
)

// The label the Grafana Helm chart's dashboard sidecar looks for
// (kube-prometheus-stack's default sidecar.dashboards.label), and the
// folder annotation it reads once sidecar.dashboards.folderAnnotation
// names it.
const (
	LabelGrafanaDashboard   = "grafana_dashboard"
	AnnotationGrafanaFolder = "grafana_folder"
	dashboardWhat           = "dashboard"
	dashboardFileSuffix     = ".json"
	// maxConfigMapBytes is what the API server lets a ConfigMap hold
	// (k8s.io/kubernetes pkg/apis/core/validation: MaxSecretSize, 1 MiB).
	maxConfigMapBytes = 1 << 20
)

// dashboardObjects renders the swarm's Grafana dashboard as a ConfigMap
// the Grafana chart's sidecar loads (label grafana_dashboard: "1", folder
// in the grafana_folder annotation) or, when asked, for a grafana-operator
// GrafanaDashboard that loads it, so the JSON is written once.
func (r *renderer) dashboardObjects() error {
	if !r.s.HasDashboard() {
		return nil
	}
	data, err := dashboard.Build(r.dashboardModel())
	if err != nil {
		return err
	}
	if len(data) > maxConfigMapBytes { // indented reads best in a diff; compact when that is what fits
		var compact bytes.Buffer
		if err := json.Compact(&compact, data); err != nil {
			return err
		}
		data = compact.Bytes()
	}
	if len(data) > maxConfigMapBytes {
		path := "metadata.name"
		if d := r.s.Spec.Monitoring.DashboardSpec(); d != nil {
			path = "spec.monitoring.dashboard"
		}
		return &spec.Error{Pos: r.s.Pos(path), Path: strings.TrimPrefix(path, "spec."),
			Msg: fmt.Sprintf("the Grafana dashboard of %d roles is %.1f MiB, over the 1 MiB a ConfigMap may hold: set spec.monitoring.dashboard.enabled: false, or split the swarm",
				len(r.s.Spec.Roles), float64(len(data))/(1<<20))}
	}
	folder := spec.DefaultDashboardFolder
	var op *spec.GrafanaOperator
	if d := r.s.Spec.Monitoring.DashboardSpec(); d != nil {
		if d.Folder != "" {
			folder = d.Folder
		}
		op = d.GrafanaOperator
	}
	o := r.swarmOwner(dashboardWhat)
	key := r.s.Metadata.Name + dashboardFileSuffix
	meta := r.monitoringMeta(o, o.instance)
	if op == nil { // with grafana-operator, one import path: not the sidecar's too
		meta.Labels[LabelGrafanaDashboard] = "1"
	}
	if meta.Annotations == nil {
		meta.Annotations = map[string]string{}
	}
	meta.Annotations[AnnotationGrafanaFolder] = folder
	cm := &corev1.ConfigMap{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "ConfigMap"},
		ObjectMeta: meta,
		Data:       map[string]string{key: string(data)},
	}
	r.add(stageConfigMap, cm, -1, "spec.monitoring.dashboard")
	if op != nil {
		gd := &grafana.GrafanaDashboard{
			TypeMeta:   metav1.TypeMeta{APIVersion: grafana.APIVersion, Kind: grafana.Kind},
			ObjectMeta: r.monitoringMeta(o, o.instance),
			Spec: grafana.GrafanaDashboardSpec{
				InstanceSelector: metav1.LabelSelector{MatchLabels: maps.Clone(op.InstanceSelector)},
				// Grafana rarely runs in the swarm's namespace; without this
				// the operator matches only instances in the dashboard's own.
				AllowCrossNamespaceImport: true,
				Folder:                    folder,
				ConfigMapRef:              &corev1.ConfigMapKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: o.instance}, Key: key},
			},
		}
		r.add(stageDashboard, gd, -1, "spec.monitoring.dashboard.grafanaOperator")
	}
	return nil
}

// dashboardModel is the swarm as the dashboard shows it, with the names
// and patterns the alerts use too.
func (r *renderer) dashboardModel() dashboard.Swarm {
	s := dashboard.Swarm{Name: r.s.Metadata.Name, Namespace: r.namespace}
	for i := range r.s.Spec.Roles {
		rc := r.newRoleContext(i, &r.s.Spec.Roles[i])
		role := dashboard.Role{
			Name: rc.role.Name, Kind: rc.kind, Workload: rc.name,
			WorkloadLabel: workloadLabel(rc.kind), PodPattern: podNamePattern(rc), JobPattern: jobNamePattern(rc),
			HPA: r.hpaName(rc), QueueingTime: queueingTimeQuery(rc, dashboard.NamespaceVariable),
		}
		if d, ok := r.s.WaitObjective(rc.role.Name); ok && role.QueueingTime != "" {
			role.WaitObjective = d.Seconds()
		}
		if sc := rc.role.Scaling; sc != nil {
			if sc.KEDA != nil {
				role.ScaledObject, role.ScaledJob = rc.name, rc.isJob()
			}
			if sc.HPA != nil {
				for _, m := range sc.HPA.Metrics {
					// The role's own series: a Pods metric, or an Object
					// metric about its workload (an External one, or one
					// about another object, is not the role's).
					if m.Type == spec.MetricPods || m.Type == spec.MetricObject && m.DescribedObject == nil {
						role.OwnMetrics = append(role.OwnMetrics, m.Name)
					}
				}
			}
		}
		s.Roles = append(s.Roles, role)
	}
	for _, p := range r.s.Spec.NodePools {
		s.Pools = append(s.Pools, dashboard.Pool{Name: p.Name, Selector: p.NodeSelector})
	}
	return s
}
