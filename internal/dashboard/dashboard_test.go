package dashboard

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/grafana/grafana-foundation-sdk/go/cog/plugins"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/prometheus/prometheus/promql/parser"
)

// testSwarm has every kind of role the dashboard distinguishes.
var testSwarm = Swarm{
	Name: "research", Namespace: "agents",
	Roles: []Role{
		{Name: "scout", Kind: "Deployment", Workload: "research-scout", WorkloadLabel: "deployment",
			PodPattern: "research-scout-[a-z0-9]{1,10}-[a-z0-9]{5}", HPA: "research-scout", OwnMetrics: []string{"agent_queue_pending_tasks"},
			QueueingTime:  `sum(agent_queue_pending_tasks{namespace="$namespace",deployment="research-scout"}) / (clamp_min(max(kube_deployment_status_replicas_available{namespace="$namespace",deployment="research-scout"}), 1) * 2)`,
			WaitObjective: 90},
		{Name: "responder", Kind: "Deployment", Workload: "research-responder", WorkloadLabel: "deployment",
			PodPattern: "research-responder-[a-z0-9]{1,10}-[a-z0-9]{5}", HPA: "keda-hpa-research-responder", ScaledObject: "research-responder"},
		{Name: "graph", Kind: "StatefulSet", Workload: "research-graph", WorkloadLabel: "statefulset", PodPattern: "research-graph-[0-9]+"},
		{Name: "batch", Kind: "Job", Workload: "research-batch", WorkloadLabel: "job_name",
			PodPattern: "research-batch(-[a-z0-9]{5})?-[a-z0-9]{5}", JobPattern: "research-batch(-[a-z0-9]{5})?", ScaledObject: "research-batch", ScaledJob: true},
	},
	Pools: []Pool{{Name: "gpu", Selector: map[string]string{"cloud.google.com/gke-nodepool": "gpu", "nvidia.com/gpu.present": "true"}}, {Name: "any"}},
}

// grafanaVariables stand in for what Grafana substitutes before it sends
// a query.
var grafanaVariables = strings.NewReplacer("$namespace", "agents", "$__rate_interval", "1m", "${datasource}", "prom")

// queries are every PromQL expression of a dashboard's JSON: panel
// targets and annotation queries.
func queries(t *testing.T, data []byte) []string {
	t.Helper()
	var d struct {
		Panels []struct {
			Targets []struct {
				Expr string `json:"expr"`
			} `json:"targets"`
		} `json:"panels"`
		Annotations struct {
			List []struct {
				Expr string `json:"expr"`
			} `json:"list"`
		} `json:"annotations"`
	}
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range d.Panels {
		for _, q := range p.Targets {
			out = append(out, q.Expr)
		}
	}
	for _, a := range d.Annotations.List {
		out = append(out, a.Expr)
	}
	return out
}

// variableMetrics are the metrics of the label_values(METRIC, label)
// queries of a dashboard's variables.
func variableMetrics(t *testing.T, data []byte) []string {
	t.Helper()
	var d struct {
		Templating struct {
			List []struct {
				Type  string `json:"type"`
				Query any    `json:"query"`
			} `json:"list"`
		} `json:"templating"`
	}
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, v := range d.Templating.List {
		q, _ := v.Query.(string)
		if rest, ok := strings.CutPrefix(q, "label_values("); ok && v.Type == "query" {
			metric, _, _ := strings.Cut(rest, ",")
			out = append(out, metric)
		}
	}
	if len(out) == 0 {
		t.Fatal("no label_values variable")
	}
	return out
}

// Every query parses as PromQL (Prometheus's own parser) and reads only
// metrics the code lists with their exporter, or a role's own.
func TestQueriesParseAndUseKnownMetrics(t *testing.T) {
	// A fixed-size Deployment in a swarm without pools takes the other branches.
	plain := Swarm{Name: "plain", Roles: []Role{{Name: "web", Kind: "Deployment", Workload: "plain-web", WorkloadLabel: "deployment", PodPattern: "plain-web-.+"}}}
	var qs []string
	own := map[string]bool{}
	used := map[string]bool{}
	for _, sw := range []Swarm{testSwarm, plain} {
		data, err := Build(sw)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range sw.Roles {
			for _, m := range r.OwnMetrics {
				own[m] = true
			}
		}
		qs = append(qs, queries(t, data)...)
		for _, m := range variableMetrics(t, data) {
			used[m] = true
			if Metrics[m] == "" {
				t.Errorf("a variable reads %s, which Metrics does not list", m)
			}
		}
	}
	if len(qs) < 30 {
		t.Fatalf("only %d queries", len(qs))
	}
	for _, q := range qs {
		expr, err := parser.NewParser(parser.Options{}).ParseExpr(grafanaVariables.Replace(q))
		if err != nil {
			t.Errorf("%s\ndoes not parse: %v", q, err)
			continue
		}
		parser.Inspect(expr, func(n parser.Node, _ []parser.Node) error {
			if vs, ok := n.(*parser.VectorSelector); ok {
				used[vs.Name] = true
				if Metrics[vs.Name] == "" && !own[vs.Name] {
					t.Errorf("%s reads %s, which Metrics does not list", q, vs.Name)
				}
			}
			return nil
		})
	}
	for m := range Metrics {
		if !used[m] {
			t.Errorf("Metrics lists %s, which no query reads", m)
		}
	}
}

// The JSON is Grafana's dashboard model: it decodes into the SDK's type
// with every panel and query kept, and the same swarm gives the same bytes.
func TestDecodesIntoGrafanaModel(t *testing.T) {
	data, err := Build(testSwarm)
	if err != nil {
		t.Fatal(err)
	}
	plugins.RegisterDefaultPlugins()
	var d dashboard.Dashboard
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatal(err)
	}
	if d.Uid == nil || *d.Uid != "agentscale-research" || d.Title == nil || len(d.Panels) != 5+7+6+5+6+3 /* rows; scout, responder, graph, batch; cluster */ {
		t.Errorf("uid %v, title %v, %d panels", d.Uid, d.Title, len(d.Panels))
	}
	again, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if string(again) != string(data) {
		t.Errorf("decoding and encoding changes the dashboard:\n%s", again)
	}
	if next, _ := Build(testSwarm); string(next) != string(data) {
		t.Error("two builds differ")
	}
}

func TestUID(t *testing.T) {
	long := strings.Repeat("a", 50)
	for _, tc := range []struct{ name, want string }{
		{"ops", "agentscale-ops"},
		{long, "agentscale-aaaaaaaaaaaaaaaaaaaa-160b4e43"},
	} {
		if got := UID(tc.name); got != tc.want || len(got) > 40 {
			t.Errorf("UID(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
	if UID(long) == UID(long+"b") {
		t.Error("long names collide")
	}
}

func TestNodeLabel(t *testing.T) {
	if got := nodeLabel("cloud.google.com/gke-nodepool"); got != "label_cloud_google_com_gke_nodepool" {
		t.Errorf("nodeLabel = %q", got)
	}
}

func BenchmarkBuild(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Build(testSwarm); err != nil {
			b.Fatal(err)
		}
	}
}
