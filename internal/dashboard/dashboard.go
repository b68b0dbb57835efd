// Package dashboard builds a swarm's Grafana dashboard with Grafana's own
// typed builders (github.com/grafana/grafana-foundation-sdk/go): a row per
// role (its scaling signal, replicas, pods, resources against requests,
// restarts), a cluster row (nodes per pool, unschedulable pods, the
// Cluster Autoscaler), scale events as annotations, and datasource and
// namespace variables. Every query reads a metric listed in Metrics, with
// the exporter it comes from, or a role's own scaling metric.
package dashboard

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/prometheus"
	"github.com/grafana/grafana-foundation-sdk/go/timeseries"

	"github.com/agentscale/agentscale/internal/promsel"
)

// Swarm is what the dashboard shows, with the names render gave the
// swarm's objects (render decides them; this package only reads them).
type Swarm struct {
	Name      string
	Namespace string // the default of the namespace variable; "" for none
	Roles     []Role
	Pools     []Pool
}

// Role is one role's objects and series.
type Role struct {
	Name          string
	Kind          string // Deployment, StatefulSet or Job
	Workload      string // the workload's name
	WorkloadLabel string // kube-state-metrics' label for it: deployment, statefulset, job_name
	PodPattern    string // an RE2 pattern of its pods' names
	JobPattern    string // an RE2 pattern of its Jobs' names (Job roles)
	HPA           string // the HPA that scales it (its own, or KEDA's); "" for none
	ScaledObject  string // the KEDA ScaledObject or ScaledJob; "" for none
	ScaledJob     bool   // ScaledObject names a ScaledJob
	// OwnMetrics are the role's own series its HPA scales on (Pods metrics,
	// Object metrics about its workload).
	OwnMetrics []string
	// QueueingTime is PromQL for the estimated wait of a new task in
	// seconds, in the dashboard's namespace; "" when the role has no
	// backlog series. WaitObjective is the wait its scenarios expect (0:
	// none).
	QueueingTime  string
	WaitObjective float64
}

// Pool is a node pool and the node labels that select it.
type Pool struct {
	Name     string
	Selector map[string]string
}

// Panel sizes on Grafana's 24-column grid.
const (
	panelWidth  = 8
	panelHeight = 8
)

// Build returns the dashboard as Grafana's JSON model, indented; the same
// swarm gives the same bytes.
func Build(s Swarm) ([]byte, error) {
	d, err := builder(s).Build()
	if err != nil {
		return nil, fmt.Errorf("dashboard: %w", err)
	}
	return json.MarshalIndent(d, "", "  ")
}

func builder(s Swarm) *dashboard.DashboardBuilder {
	b := dashboard.NewDashboardBuilder("Agent swarm "+s.Name).
		Uid(UID(s.Name)).
		Description("Scaling, pods and capacity of the agent swarm "+s.Name+", rendered by agentscale.").
		Tags([]string{"agentscale", "swarm:" + s.Name}).
		Time("now-6h", "now").
		Refresh("30s").
		Timezone(common.TimeZoneBrowser).
		Tooltip(dashboard.DashboardCursorSyncCrosshair).
		Readonly().
		WithVariable(dashboard.NewDatasourceVariableBuilder("datasource").Label("Data source").Type("prometheus")).
		WithVariable(namespaceVariable(s.Namespace))
	if hpas := hpaNames(s); len(hpas) > 0 {
		b = b.Annotation(dashboard.NewAnnotationQueryBuilder().
			Name("Scale events").
			Datasource(datasource()).
			Enable(true).
			IconColor("#8F3BB8").
			Expr(`changes(` + sel("kube_horizontalpodautoscaler_status_desired_replicas", match("horizontalpodautoscaler", strings.Join(hpas, "|"))) + `[2m]) > 0`).
			TitleFormat("{{horizontalpodautoscaler}} scaled").
			TextFormat("desired replicas changed").
			Step("1m"))
	}
	for _, r := range s.Roles {
		b = b.WithRow(dashboard.NewRowBuilder("Role " + r.Name + " (" + r.Kind + " " + r.Workload + ")"))
		for _, p := range rolePanels(r) {
			b = b.WithPanel(p)
		}
	}
	b = b.WithRow(dashboard.NewRowBuilder("Cluster"))
	for _, p := range clusterPanels(s) {
		b = b.WithPanel(p)
	}
	return b
}

// UID is the dashboard's stable uid: the swarm's name, so its dashboard
// keeps its URL across renders and environments (the namespace is a
// variable). Grafana allows 40 characters; a longer name is cut and
// keeps a hash of the whole.
func UID(name string) string {
	uid := "agentscale-" + name
	if len(uid) <= 40 {
		return uid
	}
	sum := sha256.Sum256([]byte(name))
	return strings.TrimRight(uid[:31], "-") + "-" + hex.EncodeToString(sum[:])[:8]
}

func namespaceVariable(def string) *dashboard.QueryVariableBuilder {
	q := "label_values(kube_pod_info, namespace)"
	v := dashboard.NewQueryVariableBuilder("namespace").
		Label("Namespace").
		Datasource(datasource()).
		Query(dashboard.StringOrMap{String: &q}).
		Definition(q).
		Refresh(dashboard.VariableRefreshOnDashboardLoad).
		Sort(dashboard.VariableSortAlphabeticalAsc)
	if def != "" {
		v = v.Current(dashboard.VariableOption{Text: dashboard.StringOrArrayOfString{String: &def}, Value: dashboard.StringOrArrayOfString{String: &def}})
	}
	return v
}

func datasource() common.DataSourceRef {
	typ, uid := "prometheus", "${datasource}"
	return common.DataSourceRef{Type: &typ, Uid: &uid}
}

func hpaNames(s Swarm) []string {
	var out []string
	for _, r := range s.Roles {
		if r.HPA != "" {
			out = append(out, r.HPA)
		}
	}
	return out
}

// query is one PromQL target of a panel.
type query struct{ expr, legend string }

func panel(title, unit, description string, qs ...query) *timeseries.PanelBuilder {
	p := timeseries.NewPanelBuilder().
		Title(title).
		Description(description).
		Datasource(datasource()).
		Unit(unit).
		Span(panelWidth).
		Height(panelHeight).
		FillOpacity(10).
		Legend(common.NewVizLegendOptionsBuilder().ShowLegend(true).DisplayMode(common.LegendDisplayModeList).Placement(common.LegendPlacementBottom))
	for i, q := range qs {
		p = p.WithTarget(prometheus.NewDataqueryBuilder().
			RefId(string(rune('A' + i))).
			Expr(q.expr).
			LegendFormat(q.legend))
	}
	return p
}

// NamespaceVariable is the dashboard's namespace variable, which every
// query selects by (render writes queries for the dashboard with it).
const NamespaceVariable = "$namespace"

// sel writes a selector of metric in the dashboard's namespace.
func sel(metric string, matchers ...string) string {
	return promsel.Selector(metric, NamespaceVariable, nil, matchers...)
}

func eq(label, value string) string    { return label + `="` + promsel.Escape(value) + `"` }
func match(label, value string) string { return label + `=~"` + promsel.Escape(value) + `"` }

func rolePanels(r Role) []cog.Builder[dashboard.Panel] {
	pods := match("pod", r.PodPattern)
	var out []cog.Builder[dashboard.Panel]
	if signal := signalQueries(r); len(signal) > 0 {
		out = append(out, panel("Scaling signal", "short",
			"What the autoscaler scales "+r.Name+" on: the HPA's current value against its target (kube-state-metrics), KEDA's trigger values (a Kafka trigger's is the consumer lag), and the role's own series.",
			signal...))
	}
	if r.QueueingTime != "" {
		qs := []query{{r.QueueingTime, "estimated wait"}}
		if r.WaitObjective > 0 {
			qs = append(qs, query{"vector(" + strconv.FormatFloat(r.WaitObjective, 'g', -1, 64) + ")", "objective (scenarios)"})
		}
		out = append(out, panel("Estimated queueing time", "s",
			"How long a new task of "+r.Name+" waits: its backlog over what the ready replicas process (simulation.tasksPerSecond each), against the wait the swarm's scenarios expect.",
			qs...))
	}
	out = append(out, panel("Replicas", "short", "Desired, current and maximum replicas of "+r.Name+".", replicaQueries(r)...))
	out = append(out, panel("Pods", "short", "Ready, unavailable and pending pods of "+r.Name+".", podQueries(r, pods)...))
	out = append(out,
		panel("CPU against requests", "percentunit", "CPU used (cAdvisor) over CPU requested (kube-state-metrics) by the pods of "+r.Name+": above 1 the pods burst past their requests.",
			query{`sum(rate(` + sel("container_cpu_usage_seconds_total", pods, `container!=""`) + `[$__rate_interval]))
  / sum(` + sel("kube_pod_container_resource_requests", pods, eq("resource", "cpu")) + `)`, "used / requested"}),
		panel("Memory against requests", "percentunit", "Working-set memory (cAdvisor) over memory requested (kube-state-metrics) by the pods of "+r.Name+".",
			query{`sum(` + sel("container_memory_working_set_bytes", pods, `container!=""`) + `)
  / sum(` + sel("kube_pod_container_resource_requests", pods, eq("resource", "memory")) + `)`, "used / requested"}),
		panel("Restarts and OOM kills", "short", "Container restarts, and containers whose last termination was an OOM kill, in the pods of "+r.Name+".",
			query{`sum(increase(` + sel("kube_pod_container_status_restarts_total", pods) + `[$__rate_interval]))`, "restarts"},
			query{`sum(` + sel("kube_pod_container_status_last_terminated_reason", pods, eq("reason", "OOMKilled")) + `)`, "last terminated by OOM kill"}),
	)
	return out
}

func signalQueries(r Role) []query {
	var qs []query
	if r.HPA != "" {
		h := eq("horizontalpodautoscaler", r.HPA)
		qs = append(qs,
			query{`max by (metric_name, metric_target_type) (` + sel("kube_horizontalpodautoscaler_status_target_metric", h) + `)`, "{{metric_name}} ({{metric_target_type}})"},
			query{`max by (metric_name, metric_target_type) (` + sel("kube_horizontalpodautoscaler_spec_target_metric", h) + `)`, "{{metric_name}} target"})
	}
	if r.ScaledObject != "" {
		// KEDA labels a ScaledJob's series scaledObject too, with type.
		typ := "scaledobject"
		if r.ScaledJob {
			typ = "scaledjob"
		}
		qs = append(qs, query{`max by (scaler, metric) (` + promsel.KEDA("keda_scaler_metrics_value", NamespaceVariable, map[string]string{"scaledObject": r.ScaledObject, "type": typ}) + `)`, "KEDA {{scaler}} {{metric}}"})
	}
	for _, m := range r.OwnMetrics {
		qs = append(qs, query{`sum(` + sel(m, eq(r.WorkloadLabel, r.Workload)) + `)`, m + " (sum over pods)"})
	}
	return qs
}

func replicaQueries(r Role) []query {
	if r.HPA != "" {
		h := eq("horizontalpodautoscaler", r.HPA)
		return []query{
			{`max(` + sel("kube_horizontalpodautoscaler_status_desired_replicas", h) + `)`, "desired"},
			{`max(` + sel("kube_horizontalpodautoscaler_status_current_replicas", h) + `)`, "current"},
			{`max(` + sel("kube_horizontalpodautoscaler_spec_max_replicas", h) + `)`, "max"},
		}
	}
	w := eq(r.WorkloadLabel, r.Workload)
	switch r.Kind {
	case "StatefulSet":
		return []query{{`max(` + sel("kube_statefulset_replicas", w) + `)`, "desired"}}
	case "Job":
		return []query{{`sum(` + sel("kube_job_status_active", match("job_name", r.JobPattern)) + `)`, "active pods"}}
	}
	return []query{{`max(` + sel("kube_deployment_spec_replicas", w) + `)`, "desired"}}
}

func podQueries(r Role, pods string) []query {
	pending := query{`sum(max by (pod) (` + sel("kube_pod_status_phase", pods, eq("phase", "Pending")) + `))`, "pending"}
	w := eq(r.WorkloadLabel, r.Workload)
	switch r.Kind {
	case "StatefulSet":
		return []query{
			{`max(` + sel("kube_statefulset_status_replicas_ready", w) + `)`, "ready"},
			{`max(` + sel("kube_statefulset_replicas", w) + `) - max(` + sel("kube_statefulset_status_replicas_ready", w) + `)`, "not ready"},
			pending,
		}
	case "Job":
		j := match("job_name", r.JobPattern)
		return []query{
			{`sum(` + sel("kube_job_status_succeeded", j) + `)`, "succeeded"},
			{`sum(` + sel("kube_job_status_failed", j) + `)`, "failed"},
			pending,
		}
	}
	return []query{
		{`max(` + sel("kube_deployment_status_replicas_available", w) + `)`, "ready"},
		{`max(` + sel("kube_deployment_status_replicas_unavailable", w) + `)`, "unavailable"},
		pending,
	}
}

func clusterPanels(s Swarm) []cog.Builder[dashboard.Panel] {
	var nodes []query
	for _, p := range s.Pools {
		var ms []string
		for _, k := range slices.Sorted(maps.Keys(p.Selector)) {
			ms = append(ms, eq(nodeLabel(k), p.Selector[k]))
		}
		expr := "count(kube_node_labels)"
		if len(ms) > 0 {
			expr = "count(kube_node_labels{" + strings.Join(ms, ",") + "})"
		}
		nodes = append(nodes, query{expr, p.Name})
	}
	if len(nodes) == 0 {
		nodes = []query{{"count(kube_node_info)", "nodes"}}
	}
	return []cog.Builder[dashboard.Panel]{
		panel("Nodes per pool", "short", "Nodes of each node pool, counted by the pool's nodeSelector labels (kube-state-metrics exports a node label only when --metric-labels-allowlist names it).", nodes...),
		panel("Unschedulable pods", "short", "Pods of the namespace the scheduler cannot place.",
			query{`sum(` + sel("kube_pod_status_unschedulable") + `)`, "unschedulable"}),
		panel("Cluster Autoscaler", "short", "The Cluster Autoscaler's own view, when it is scraped: whether it considers the cluster safe to autoscale, and the pods it cannot place.",
			query{`max(cluster_autoscaler_cluster_safe_to_autoscale)`, "safe to autoscale"},
			query{`sum(cluster_autoscaler_unschedulable_pods_count)`, "unschedulable pods (CA)"},
			query{`sum by (state) (cluster_autoscaler_nodes_count)`, "nodes {{state}}"}),
	}
}

// nodeLabel is kube-state-metrics' name for a node label in
// kube_node_labels: label_ and the key with every other character as _.
func nodeLabel(key string) string {
	b := []byte(key)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			b[i] = '_'
		}
	}
	return "label_" + string(b)
}

// Metrics are the series the dashboard reads besides a role's own scaling
// metrics, and the exporter that serves each. docs/monitoring.md lists
// what to install for them.
var Metrics = map[string]string{
	"kube_horizontalpodautoscaler_status_target_metric":    "kube-state-metrics (v2.6+)",
	"kube_horizontalpodautoscaler_spec_target_metric":      "kube-state-metrics",
	"kube_horizontalpodautoscaler_status_desired_replicas": "kube-state-metrics",
	"kube_horizontalpodautoscaler_status_current_replicas": "kube-state-metrics",
	"kube_horizontalpodautoscaler_spec_max_replicas":       "kube-state-metrics",
	"kube_deployment_spec_replicas":                        "kube-state-metrics",
	"kube_deployment_status_replicas_available":            "kube-state-metrics",
	"kube_deployment_status_replicas_unavailable":          "kube-state-metrics",
	"kube_statefulset_replicas":                            "kube-state-metrics",
	"kube_statefulset_status_replicas_ready":               "kube-state-metrics",
	"kube_job_status_active":                               "kube-state-metrics",
	"kube_job_status_succeeded":                            "kube-state-metrics",
	"kube_job_status_failed":                               "kube-state-metrics",
	"kube_pod_info":                                        "kube-state-metrics",
	"kube_pod_status_phase":                                "kube-state-metrics",
	"kube_pod_status_unschedulable":                        "kube-state-metrics",
	"kube_pod_container_resource_requests":                 "kube-state-metrics",
	"kube_pod_container_status_restarts_total":             "kube-state-metrics",
	"kube_pod_container_status_last_terminated_reason":     "kube-state-metrics",
	"kube_node_info":                                       "kube-state-metrics",
	"kube_node_labels":                                     "kube-state-metrics (labels named in --metric-labels-allowlist)",
	"container_cpu_usage_seconds_total":                    "kubelet cAdvisor (kube-prometheus-stack scrapes it)",
	"container_memory_working_set_bytes":                   "kubelet cAdvisor",
	"keda_scaler_metrics_value":                            "KEDA operator (pkg/metricscollector/prommetrics.go)",
	"cluster_autoscaler_cluster_safe_to_autoscale":         "Cluster Autoscaler (metrics/metrics.go)",
	"cluster_autoscaler_unschedulable_pods_count":          "Cluster Autoscaler",
	"cluster_autoscaler_nodes_count":                       "Cluster Autoscaler",
}
