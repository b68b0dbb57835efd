package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// TestAlertRules runs promtool test rules on the PrometheusRule render
// writes, with synthetic series for every alert in both directions: it
// fires on the failure it exists for, and stays silent on a healthy swarm
// and during a normal scale-up. The expected annotations come from the
// rendered rules (they are static text); the expected labels are the
// case's, so a change of what an alert groups by fails here.
func TestAlertRules(t *testing.T) {
	requireCLI(t)
	rendered := map[string]bool{}
	for _, sw := range alertSwarms {
		t.Run(sw.path, func(t *testing.T) {
			dir := t.TempDir()
			r := run(nil, nil, env.repoRoot, env.agentscale, "render", filepath.Join(env.repoRoot, sw.path))
			if r.err != nil {
				t.Fatalf("render: %s", r)
			}
			objs, err := parseObjects([]byte(r.stdout))
			if err != nil {
				t.Fatal(err)
			}
			var groups []any
			for _, o := range objs {
				if o.kind() == "PrometheusRule" {
					groups = append(groups, o.list("spec", "groups")...)
				}
			}
			if len(groups) == 0 {
				t.Fatal("no PrometheusRule rendered")
			}
			rules, err := yaml.Marshal(map[string]any{"groups": groups})
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "rules.yaml"), rules, 0o644); err != nil {
				t.Fatal(err)
			}
			alerts := renderedAlerts(groups)
			testFile, err := promtoolTests(sw, alerts)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "alerts.test.yaml"), testFile, 0o644); err != nil {
				t.Fatal(err)
			}
			if r := run(nil, nil, dir, env.promtool, "test", "rules", "alerts.test.yaml"); r.err != nil {
				t.Errorf("promtool test rules failed:\n%s\ntest file:\n%s", r, testFile)
			}
			for key := range alerts {
				name, _, _ := strings.Cut(key, "/")
				rendered[name] = true
			}
		})
	}
	// Every alert name rendered is tested both ways, for some role.
	fires, silent := map[string]bool{}, map[string]bool{}
	for _, sw := range alertSwarms {
		for _, c := range sw.cases {
			for _, e := range c.expect {
				if len(e.fires) > 0 {
					fires[e.alert] = true
				} else {
					silent[e.alert] = true
				}
			}
		}
	}
	for name := range rendered {
		if !fires[name] || !silent[name] {
			t.Errorf("alert %s is not tested both ways (fires %v, silent %v)", name, fires[name], silent[name])
		}
	}
}

// alertSwarm is a swarm whose alerts are tested, and the cases.
type alertSwarm struct {
	path  string
	cases []alertCase
}

// alertCase is one promtool test: series and what must (not) fire.
type alertCase struct {
	name   string
	series map[string]string // series -> promtool values
	expect []alertExpect
}

type alertExpect struct {
	at, alert, role string
	fires           []map[string]string // the alerts' labels besides role, swarm, severity; none: silent
}

// Series of kube-state-metrics carry its job label, as a scrape does.
const ksm = `job="kube-state-metrics",`

func hpaSeries(hpa string, current, max, status, target string) map[string]string {
	m := `namespace="agents",horizontalpodautoscaler="` + hpa + `"`
	metric := `,metric_name="agent_queue_pending_tasks",metric_target_type="average"`
	return map[string]string{
		"kube_horizontalpodautoscaler_status_current_replicas{" + ksm + m + "}":       current,
		"kube_horizontalpodautoscaler_spec_max_replicas{" + ksm + m + "}":             max,
		"kube_horizontalpodautoscaler_status_target_metric{" + ksm + m + metric + "}": status,
		"kube_horizontalpodautoscaler_spec_target_metric{" + ksm + m + metric + "}":   target,
	}
}

func merge(ms ...map[string]string) map[string]string {
	out := map[string]string{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

func labels(kv ...string) map[string]string {
	out := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}

var (
	dispatcherNS  = labels("namespace", "agents", "swarm", "ops", "role", "dispatcher")
	dispatcherHPA = labels("namespace", "agents", "horizontalpodautoscaler", "ops-dispatcher")
	// A pod name from the alphabet of generated names (a ReplicaSet hash,
	// a pod suffix).
	dispatcherPod = "ops-dispatcher-6b8c9d7f5b-x2q4z"
	dispatcherRS  = "ops-dispatcher-6b8c9d7f5b"
)

// podSeries are kube-state-metrics' series of one pod: its owner, whether
// it is unschedulable, and whether it is not ready.
func podSeries(pod, ownerKind, owner, unschedulable, notReady string) map[string]string {
	p := `namespace="agents",pod="` + pod + `"`
	return map[string]string{
		`kube_pod_owner{` + ksm + p + `,owner_kind="` + ownerKind + `",owner_name="` + owner + `",owner_is_controller="true"}`: "1x40",
		`kube_pod_status_unschedulable{` + ksm + p + `}`:                                                                       unschedulable,
		`kube_pod_status_ready{` + ksm + p + `,condition="false"}`:                                                             notReady,
	}
}

// rampPods are nine pods of the dispatcher, each unready for two minutes,
// one after another.
func rampPods() map[string]string {
	out := map[string]string{}
	for i, suffix := range []string{"b2b2b", "c2c2c", "d2d2d", "f2f2f", "g2g2g", "h2h2h", "j2j2j", "k2k2k", "l2l2l"} {
		ready := fmt.Sprintf("0x%d 1x2 0x%d", 2*i, 38-2*i)
		if i == 0 {
			ready = "1x2 0x38"
		}
		out = merge(out, podSeries(dispatcherRS+"-"+suffix, "ReplicaSet", dispatcherRS, "0x40", ready))
	}
	return out
}

func silent(at, alert, role string) alertExpect { return alertExpect{at: at, alert: alert, role: role} }
func fires(at, alert, role string, ls ...map[string]string) alertExpect {
	return alertExpect{at: at, alert: alert, role: role, fires: ls}
}

func hpaCondition(v string) map[string]string {
	return map[string]string{
		`kube_horizontalpodautoscaler_status_condition{` + ksm + `namespace="agents",horizontalpodautoscaler="ops-dispatcher",condition="ScalingActive",status="false"}`: v,
	}
}

// ksmSeries is one kube-state-metrics series in the agents namespace.
func ksmSeries(metric, labels, values string) map[string]string {
	return map[string]string{metric + `{` + ksm + `namespace="agents",` + labels + `}`: values}
}

var alertSwarms = []alertSwarm{
	{path: "testdata/golden/monitoring.yaml", cases: []alertCase{
		{name: "healthy: below target, below max", series: merge(
			hpaSeries("ops-dispatcher", "4x40", "16x40", "15x40", "20x40"), hpaCondition("0x40"),
			ksmSeries("kube_deployment_spec_replicas", `deployment="ops-dispatcher"`, "4x40"),
			ksmSeries("kube_horizontalpodautoscaler_status_desired_replicas", `horizontalpodautoscaler="ops-dispatcher"`, "4x40"),
			ksmSeries("kube_deployment_status_replicas_available", `deployment="ops-dispatcher"`, "4x40"),
			podSeries(dispatcherPod, "ReplicaSet", dispatcherRS, "0x40", "0x40"),
			podSeries("ops-archiver-0", "StatefulSet", "ops-archiver", "0x40", "0x40")),
			expect: []alertExpect{
				silent("40m", "AgentPodsNotReady", "dispatcher"), silent("40m", "AgentPodsPending", "dispatcher"),
				silent("40m", "AgentAutoscalerAtMax", "dispatcher"), silent("40m", "AgentAutoscalerInactive", "dispatcher"),
				silent("40m", "AgentBacklogGrowing", "dispatcher"), silent("40m", "AgentBacklogNotDraining", "dispatcher"),
				silent("40m", "AgentPodsNotReady", "archiver"), silent("40m", "AgentPodsPending", "archiver"),
			}},
		{name: "a normal scale-up: the backlog jumps, the HPA catches up in minutes",
			series: merge(hpaSeries("ops-dispatcher", "4x3 8 12 12x35", "16x40", "60x4 40 25 18x34", "20x40"),
				ksmSeries("kube_horizontalpodautoscaler_status_desired_replicas", `horizontalpodautoscaler="ops-dispatcher"`, "4x2 12x38"),
				ksmSeries("kube_deployment_status_replicas_available", `deployment="ops-dispatcher"`, "4x4 8 12x35"),
				podSeries(dispatcherPod, "ReplicaSet", dispatcherRS, "0x2 1 1 0x36", "0x2 1 1 1 0x35")),
			expect: []alertExpect{
				silent("10m", "AgentBacklogGrowing", "dispatcher"), silent("40m", "AgentBacklogGrowing", "dispatcher"),
				silent("40m", "AgentBacklogNotDraining", "dispatcher"), silent("40m", "AgentAutoscalerAtMax", "dispatcher"),
				silent("40m", "AgentPodsNotReady", "dispatcher"), silent("40m", "AgentPodsPending", "dispatcher"),
			}},
		{name: "a long ramp: every pod unready for two minutes, one after another",
			series: rampPods(),
			expect: []alertExpect{silent("18m", "AgentPodsNotReady", "dispatcher")}},
		{name: "not keeping up: above target, below max",
			series: hpaSeries("ops-dispatcher", "8x40", "16x40", "30+1x40", "20x40"),
			expect: []alertExpect{
				fires("35m", "AgentBacklogGrowing", "dispatcher", labels("namespace", "agents")),
				silent("35m", "AgentBacklogNotDraining", "dispatcher"), silent("35m", "AgentAutoscalerAtMax", "dispatcher"),
			}},
		{name: "the pods the HPA asked for do not arrive",
			series: merge(
				ksmSeries("kube_horizontalpodautoscaler_status_desired_replicas", `horizontalpodautoscaler="ops-dispatcher"`, "12x30"),
				ksmSeries("kube_deployment_status_replicas_available", `deployment="ops-dispatcher"`, "8x30")),
			expect: []alertExpect{fires("20m", "AgentBacklogGrowing", "dispatcher", labels("namespace", "agents"))}},
		{name: "at max and above target: not draining",
			series: hpaSeries("ops-dispatcher", "16x40", "16x40", "30x40", "20x40"),
			expect: []alertExpect{
				fires("30m", "AgentBacklogNotDraining", "dispatcher", dispatcherNS),
				fires("30m", "AgentAutoscalerAtMax", "dispatcher", merge(dispatcherHPA, labels("swarm", "ops", "role", "dispatcher"))),
				silent("30m", "AgentBacklogGrowing", "dispatcher"),
			}},
		{name: "at max and below target: pinned, but draining",
			series: hpaSeries("ops-dispatcher", "16x40", "16x40", "19x40", "20x40"),
			expect: []alertExpect{silent("30m", "AgentBacklogNotDraining", "dispatcher")}},
		{name: "the HPA cannot read its metrics",
			series: merge(hpaCondition("1x30"), ksmSeries("kube_deployment_spec_replicas", `deployment="ops-dispatcher"`, "4x30")),
			expect: []alertExpect{fires("15m", "AgentAutoscalerInactive", "dispatcher", labels("namespace", "agents"))}},
		{name: "scaled to zero reads ScalingActive=False by design",
			series: merge(hpaCondition("1x30"), ksmSeries("kube_deployment_spec_replicas", `deployment="ops-dispatcher"`, "0x30")),
			expect: []alertExpect{silent("15m", "AgentAutoscalerInactive", "dispatcher")}},
		{name: "pods wait for a node; a look-alike role's pod does not count",
			series: merge(
				podSeries(dispatcherPod, "ReplicaSet", dispatcherRS, "1x20", "1x20"),
				podSeries("ops-archiver-1", "StatefulSet", "ops-archiver", "1x20", "1x20"),
				podSeries("ops-archiver-x-0", "StatefulSet", "ops-archiver-x", "1x20", "1x20")),
			expect: []alertExpect{
				fires("15m", "AgentPodsPending", "dispatcher", labels("namespace", "agents", "pod", dispatcherPod)),
				fires("15m", "AgentPodsPending", "archiver", labels("namespace", "agents", "pod", "ops-archiver-1")),
			}},
		{name: "pods briefly unschedulable, one after another: silent",
			series: merge(
				podSeries(dispatcherRS+"-b2b2b", "ReplicaSet", dispatcherRS, "1x3 0x17", "1x3 0x17"),
				podSeries(dispatcherRS+"-c2c2c", "ReplicaSet", dispatcherRS, "0x3 1x3 0x14", "0x3 1x3 0x14"),
				podSeries(dispatcherRS+"-d2d2d", "ReplicaSet", dispatcherRS, "0x6 1x3 0x11", "0x6 1x3 0x11"),
				podSeries(dispatcherRS+"-f2f2f", "ReplicaSet", dispatcherRS, "0x9 1x3 0x8", "0x9 1x3 0x8")),
			expect: []alertExpect{silent("12m", "AgentPodsPending", "dispatcher")}},
		{name: "not ready for 15 minutes",
			series: merge(
				podSeries(dispatcherPod, "ReplicaSet", dispatcherRS, "0x20", "1x20"),
				podSeries("ops-archiver-1", "StatefulSet", "ops-archiver", "0x20", "1x20")),
			expect: []alertExpect{
				fires("20m", "AgentPodsNotReady", "dispatcher", labels("namespace", "agents", "pod", dispatcherPod)),
				fires("20m", "AgentPodsNotReady", "archiver", labels("namespace", "agents", "pod", "ops-archiver-1")),
			}},
	}},
	{path: "examples/market-research.yaml", cases: []alertCase{
		{name: "KEDA fails to read a trigger (KEDA chart's ServiceMonitor: exported_namespace)",
			series: map[string]string{
				`keda_scaled_object_errors_total{job="keda-operator",namespace="keda",exported_namespace="agents",scaledObject="market-research-responder"}`: "0+1x20",
				`keda_scaled_object_errors_total{job="keda-operator",namespace="keda",exported_namespace="other",scaledObject="market-research-scout"}`:      "0+1x20",
			},
			expect: []alertExpect{fires("15m", "AgentKEDATriggerErrors", "responder", labels("namespace", "agents", "scaledObject", "market-research-responder"))}},
		{name: "KEDA fails to read a trigger (honorLabels: namespace)",
			series: map[string]string{
				`keda_scaled_object_errors_total{job="keda-operator",namespace="agents",scaledObject="market-research-responder"}`: "0+1x20",
			},
			expect: []alertExpect{fires("15m", "AgentKEDATriggerErrors", "responder", labels("namespace", "agents", "scaledObject", "market-research-responder"))}},
		{name: "tasks wait longer than the scenarios expect (scout: 2 tasks/s per agent, p95Wait 90s)",
			series: map[string]string{
				`agent_queue_pending_tasks{namespace="agents",deployment="market-research-scout",pod="a"}`:                    "1000x20",
				`agent_queue_pending_tasks{namespace="agents",deployment="market-research-scout",pod="b"}`:                    "1000x20",
				`kube_deployment_status_replicas_available{` + ksm + `namespace="agents",deployment="market-research-scout"}`: "5x20",
			},
			expect: []alertExpect{fires("15m", "AgentQueueingTimeHigh", "scout", labels("namespace", "agents", "swarm", "market-research", "role", "scout"))}},
		{name: "a backlog the agents clear in seconds: silent",
			series: map[string]string{
				`agent_queue_pending_tasks{namespace="agents",deployment="market-research-scout",pod="a"}`:                    "50x20",
				`kube_deployment_status_replicas_available{` + ksm + `namespace="agents",deployment="market-research-scout"}`: "5x20",
			},
			expect: []alertExpect{silent("15m", "AgentQueueingTimeHigh", "scout")}},
		{name: "KEDA errors stopped: silent",
			series: map[string]string{
				`keda_scaled_object_errors_total{job="keda-operator",namespace="keda",exported_namespace="agents",scaledObject="market-research-responder"}`: "3x20",
			},
			expect: []alertExpect{silent("15m", "AgentKEDATriggerErrors", "responder")}},
	}},
}

// renderedAlerts maps alert/role to the rendered rule's labels and
// annotations.
func renderedAlerts(groups []any) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, g := range groups {
		rules, _ := g.(map[string]any)["rules"].([]any)
		for _, r := range rules {
			rule := r.(map[string]any)
			name, _ := rule["alert"].(string)
			if name == "" {
				continue
			}
			ls, _ := rule["labels"].(map[string]any)
			out[name+"/"+fmt.Sprint(ls["role"])] = rule
		}
	}
	return out
}

// promtoolTests writes a promtool unit test file for a swarm's cases.
func promtoolTests(sw alertSwarm, alerts map[string]map[string]any) ([]byte, error) {
	type expAlert struct {
		Labels      map[string]string `json:"exp_labels"`
		Annotations map[string]any    `json:"exp_annotations"`
	}
	type ruleTest struct {
		EvalTime  string     `json:"eval_time"`
		AlertName string     `json:"alertname"`
		ExpAlerts []expAlert `json:"exp_alerts"`
	}
	type series struct {
		Series string `json:"series"`
		Values string `json:"values"`
	}
	type test struct {
		Name      string     `json:"name"`
		Interval  string     `json:"interval"`
		Series    []series   `json:"input_series"`
		RuleTests []ruleTest `json:"alert_rule_test"`
	}
	var tests []test
	for _, c := range sw.cases {
		tt := test{Name: c.name, Interval: "1m"}
		for s, v := range c.series {
			tt.Series = append(tt.Series, series{s, v})
		}
		sort.Slice(tt.Series, func(i, j int) bool { return tt.Series[i].Series < tt.Series[j].Series })
		// promtool tests one alert name per entry; every role's expected
		// alerts of that name at that time go in one list.
		byName := map[string]*ruleTest{}
		var order []string
		for _, e := range c.expect {
			rule, ok := alerts[e.alert+"/"+e.role]
			if !ok {
				return nil, fmt.Errorf("case %q: no rendered alert %s for role %s", c.name, e.alert, e.role)
			}
			key := e.at + "/" + e.alert
			rt := byName[key]
			if rt == nil {
				rt = &ruleTest{EvalTime: e.at, AlertName: e.alert, ExpAlerts: []expAlert{}}
				byName[key] = rt
				order = append(order, key)
			}
			for _, ls := range e.fires {
				want := map[string]string{}
				for k, v := range ls {
					want[k] = v
				}
				for k, v := range rule["labels"].(map[string]any) {
					want[k] = fmt.Sprint(v)
				}
				// Annotations are templates: {{ $labels.pod }} is the alert's pod.
				ann := map[string]any{}
				for k, v := range rule["annotations"].(map[string]any) {
					ann[k] = strings.ReplaceAll(fmt.Sprint(v), "{{ $labels.pod }}", want["pod"])
				}
				rt.ExpAlerts = append(rt.ExpAlerts, expAlert{Labels: want, Annotations: ann})
			}
		}
		for _, k := range order {
			tt.RuleTests = append(tt.RuleTests, *byName[k])
		}
		tests = append(tests, tt)
	}
	return yaml.Marshal(map[string]any{
		"rule_files":          []string{"rules.yaml"},
		"evaluation_interval": "1m",
		"tests":               tests,
	})
}
