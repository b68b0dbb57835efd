package scenario

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/agentscale/agentscale/internal/diag"
	"github.com/agentscale/agentscale/internal/simulate"
	"github.com/agentscale/agentscale/internal/simulate/figures"
	"github.com/agentscale/agentscale/internal/simulate/load"
	"github.com/agentscale/agentscale/internal/spec"
)

// swarm is a two-role swarm with one pool; the scenario's lines start at 22.
const swarm = `apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: demo}
spec:
  nodePools:
    - {name: general, allocatable: {cpu: "4", memory: 16Gi}, minNodes: 1, maxNodes: 10, pricePerHour: 0.5}
  defaults: {image: x:1, nodePool: general, resources: {requests: {cpu: 500m, memory: 1Gi}}}
  roles:
    - name: worker
      replicas: {min: 1, max: 8}
      scaling:
        hpa:
          metrics: [{name: pending, type: Object, target: 10, targetType: Value}]
      simulation: {tasksPerSecond: 2, startupSeconds: 20}
    - name: helper
      replicas: {min: 2, max: 4}
      scaling:
        hpa:
          metrics: [{name: pending, type: Object, target: 10, targetType: Value}]
      simulation: {tasksPerSecond: 5, startupSeconds: 10}
  scenarios:
    - name: spike
      load: spike:2+20@2m/5m
      duration: 30m
`

func parse(t *testing.T, text string) *Swarm {
	t.Helper()
	sw, errs := Parse("swarm.yaml", []byte(text))
	if len(errs) > 0 {
		t.Fatalf("parse: %v", errs)
	}
	return sw
}

// direct runs the scenario's load with simulate itself, for the figures
// the checks must report.
func direct(t *testing.T, sw *Swarm) *simulate.Result {
	t.Helper()
	ld, err := load.ParsePattern("spike:2+20@2m/5m")
	if err != nil {
		t.Fatal(err)
	}
	res, err := simulate.Run(sw.Base, simulate.Options{Load: ld, Duration: 1800, Step: 1})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestEveryExpectation sets each expectation to the measured figure (it
// passes) and just beyond it (it fails), and checks the message.
func TestEveryExpectation(t *testing.T) {
	res := direct(t, parse(t, swarm))
	var w *simulate.RoleSummary
	for _, r := range res.Roles {
		if r.Name == "worker" {
			w = &r.Summary
		}
	}
	if w == nil || !w.Drained || w.PeakDesired < 3 || w.Flips == 0 {
		t.Fatalf("the scenario does not exercise the expectations: %+v", w)
	}
	cases := []struct {
		field      string
		pass, fail string
		failMsg    string
	}{
		{"p95Wait", dur(float64(w.P95Wait)), dur(float64(w.P95Wait - 1)), "p95 wait " + dur(float64(w.P95Wait)) + " > " + dur(float64(w.P95Wait-1))},
		{"maxWait", dur(float64(w.WorstWait)), dur(float64(w.WorstWait - 1)), "longest wait " + dur(float64(w.WorstWait)) + " > " + dur(float64(w.WorstWait-1))},
		{"drainedWithin", dur(float64(w.DrainAfterPeak)), dur(float64(w.DrainAfterPeak - 1)), "drained " + dur(float64(w.DrainAfterPeak)) + " > " + dur(float64(w.DrainAfterPeak-1))},
		{"maxBacklog", fmt.Sprint(w.PeakBacklog), fmt.Sprint(w.PeakBacklog - 1), "peak backlog " + figures.Count(w.PeakBacklog) + " > " + figures.Count(w.PeakBacklog-1)},
		{"maxReplicas", fmt.Sprint(w.PeakDesired), fmt.Sprint(w.PeakDesired - 1), fmt.Sprintf("peak replicas %d > %d", w.PeakDesired, w.PeakDesired-1)},
		{"minReplicas", fmt.Sprint(w.MinDesired), fmt.Sprint(w.MinDesired + 1), fmt.Sprintf("fewest replicas %d < %d", w.MinDesired, w.MinDesired+1)},
		{"maxFlips", fmt.Sprint(w.Flips), fmt.Sprint(w.Flips - 1), fmt.Sprintf("direction flips %d > %d", w.Flips, w.Flips-1)},
		{"maxScaleEvents", fmt.Sprint(w.ScaleEvents), fmt.Sprint(w.ScaleEvents - 1), fmt.Sprintf("scale events %d > %d", w.ScaleEvents, w.ScaleEvents-1)},
		{"maxUnschedulable", dur(float64(w.Unschedulable)), "0s", "time with pods Pending " + dur(float64(w.Unschedulable)) + " > 0s"},
		{"maxTimeAtMax", dur(float64(w.AtMax)), "0s", "time at max replicas " + dur(float64(w.AtMax)) + " > 0s"},
	}
	if w.Unschedulable == 0 || w.AtMax == 0 {
		t.Fatalf("the scenario has no pending pods or no time at max: %+v", w)
	}
	covered := map[string]bool{}
	for _, c := range cases {
		covered[c.field] = true
		for _, bound := range []string{c.pass, c.fail} {
			text := swarm + "      expect:\n        worker: {" + c.field + ": " + bound + "}\n"
			out, err := parse(t, text).Run(0, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(out.Checks) != 1 {
				t.Fatalf("%s: %d checks, want 1", c.field, len(out.Checks))
			}
			ch := out.Checks[0]
			if want := (bound == c.pass); ch.Pass != want {
				t.Errorf("%s: %s: pass = %v, want %v (%s)", c.field, bound, ch.Pass, want, ch.Msg)
			}
			if bound == c.fail && ch.Msg != c.failMsg {
				t.Errorf("%s: message %q, want %q", c.field, ch.Msg, c.failMsg)
			}
			if want := (spec.Pos{File: "swarm.yaml", Line: 26, Col: 20 + len(c.field)}); ch.Pos != want {
				t.Errorf("%s: at %v, want %v", c.field, ch.Pos, want)
			}
		}
	}
	for _, name := range Expectations() {
		if !covered[name] {
			t.Errorf("expectation %s has no case", name)
		}
	}
}

func TestStarAppliesToEveryRoleAndRoleWins(t *testing.T) {
	text := swarm + "      expect:\n        \"*\": {maxReplicas: 100, maxFlips: 100}\n        worker: {maxReplicas: 1}\n"
	out, err := parse(t, text).Run(0, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range out.Checks {
		got = append(got, fmt.Sprintf("%s %s %v %d:%d", c.Role, c.Name, c.Pass, c.Pos.Line, c.Pos.Col))
	}
	want := []string{"worker maxReplicas false 27:31", "worker maxFlips true 26:43", "helper maxReplicas true 26:28", "helper maxFlips true 26:43"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("checks:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if out.Passed() || len(out.Failed()) != 1 {
		t.Errorf("passed = %v, failed %d; want one failure", out.Passed(), len(out.Failed()))
	}
}

func TestBudget(t *testing.T) {
	res := direct(t, parse(t, swarm))
	tot := res.Totals()
	peak := res.Pools[0].Summary.PeakNodes
	if peak < 2 {
		t.Fatalf("the pool does not grow: peak %d", peak)
	}
	text := swarm + fmt.Sprintf("      budget: {maxCost: %.4f, maxNodeHours: %.4f, maxNodes: {general: %d}}\n", tot.Cost-0.01, tot.NodeHours+0.01, peak)
	out, err := parse(t, text).Run(0, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range out.Checks {
		got = append(got, fmt.Sprintf("%s %v %s", c.Name, c.Pass, c.Msg))
	}
	want := []string{
		fmt.Sprintf("maxCost false cost $%.2f > $%.2f", tot.Cost, tot.Cost-0.01),
		fmt.Sprintf("maxNodeHours true node-hours %.2f ≤ %.2f", tot.NodeHours, tot.NodeHours+0.01),
		fmt.Sprintf("maxNodes.general true peak nodes in general %d ≤ %d", peak, peak),
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("checks:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestNeverDrained(t *testing.T) {
	text := strings.Replace(swarm, "spike:2+20@2m/5m", "steady:100", 1) + "      expect:\n        worker: {drainedWithin: 10m}\n"
	out, err := parse(t, text).Run(0, Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := out.Checks[0]
	if c.Pass || !strings.HasPrefix(c.Msg, "never drained after its peak of ") || c.Got != "never" {
		t.Errorf("got %+v", c)
	}
}

func TestLoadFileRelativeToSwarm(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "loads"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "loads", "day.csv"), []byte("0,2\n600,20\n900,2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(swarm, "spike:2+20@2m/5m", "loads/day.csv", 1)
	sw, errs := Parse(filepath.Join(dir, "swarm.yaml"), []byte(text))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if _, err := sw.Run(0, Options{}); err != nil {
		t.Fatalf("a CSV next to the swarm file: %v", err)
	}
	// A missing file is the swarm's problem, at the load field.
	sw, _ = Parse(filepath.Join(dir, "swarm.yaml"), []byte(strings.Replace(text, "loads/day.csv", "loads/nope.csv", 1)))
	_, err := sw.Run(0, Options{})
	var se *spec.Error
	if !asSpecError(err, &se) || se.Pos.Line != 23 || se.Pos.Col != 13 || !strings.Contains(se.Msg, "nope.csv") {
		t.Errorf("a missing load file: %v", err)
	}
}

func asSpecError(err error, se **spec.Error) bool {
	e, ok := err.(*spec.Error)
	*se = e
	return ok
}

func TestEnvironmentOfScenario(t *testing.T) {
	text := strings.Replace(swarm, "      duration: 30m\n", "      duration: 30m\n      env: big\n      expect:\n        worker: {maxReplicas: 8}\n", 1) +
		"  environments:\n    big:\n      roles:\n        worker: {replicas: {min: 1, max: 2}}\n"
	out, err := parse(t, text).Run(0, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range out.Run.Roles {
		if r.Name == "worker" && r.Max != 2 {
			t.Errorf("the scenario's environment was not applied: max %d", r.Max)
		}
	}
}

// outcome is a fixed outcome for the report formats.
func outcome() []*Outcome {
	return []*Outcome{{
		File: "swarm.yaml", Name: "launch-spike", Pos: spec.Pos{File: "swarm.yaml", Line: 30, Col: 13},
		Checks: []Check{
			{Role: "responder", Name: "p95Wait", Pos: spec.Pos{File: "swarm.yaml", Line: 33, Col: 20}, Path: "scenarios[0].expect.responder.p95Wait",
				Want: "1m30s", Got: "3m12s", Msg: "p95 wait 3m12s > 1m30s", Excess: 1.13},
			{Role: "responder", Name: "maxReplicas", Pos: spec.Pos{File: "swarm.yaml", Line: 33, Col: 40}, Path: "scenarios[0].expect.responder.maxReplicas",
				Want: "40", Got: "22", Pass: true, Msg: "peak replicas 22 ≤ 40"},
			{Name: "maxCost", Pos: spec.Pos{File: "swarm.yaml", Line: 35, Col: 24}, Path: "scenarios[0].budget.maxCost",
				Want: "$5.00", Got: "$2.67", Pass: true, Msg: "cost $2.67 ≤ $5.00"},
		},
	}}
}

func TestText(t *testing.T) {
	var b bytes.Buffer
	if err := Text(&b, outcome(), 0); err != nil {
		t.Fatal(err)
	}
	want := `FAIL launch-spike (3 checks)
swarm.yaml:33:20: launch-spike/responder: p95 wait 3m12s > 1m30s
    ok  responder: peak replicas 22 ≤ 40
    ok  budget: cost $2.67 ≤ $5.00
FAIL: 1 of 1 scenario failed (1 of 3 checks)
`
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestJSON(t *testing.T) {
	var b bytes.Buffer
	if err := JSON(&b, outcome(), nil); err != nil {
		t.Fatal(err)
	}
	var rep jsonReport
	if err := json.Unmarshal(b.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Pass || len(rep.Scenarios) != 1 || len(rep.Scenarios[0].Checks) != 3 || rep.Scenarios[0].Checks[0].Measured != "3m12s" || rep.Scenarios[0].Checks[0].Line != 33 {
		t.Errorf("got %+v", rep)
	}
}

func TestJUnit(t *testing.T) {
	var b bytes.Buffer
	if err := JUnit(&b, outcome(), nil); err != nil {
		t.Fatal(err)
	}
	var rep junitSuites
	if err := xml.Unmarshal(b.Bytes(), &rep); err != nil {
		t.Fatalf("not XML: %v\n%s", err, b.String())
	}
	if rep.Tests != 3 || rep.Failures != 1 || len(rep.Suites) != 1 || rep.Suites[0].Name != "swarm.yaml" {
		t.Errorf("totals: %+v", rep)
	}
	c := rep.Suites[0].Cases[0]
	if c.Name != "launch-spike/responder/p95Wait" || c.Failure == nil || c.Failure.Message != "p95 wait 3m12s > 1m30s" || c.Line != 33 {
		t.Errorf("first case: %+v", c)
	}
	if rep.Suites[0].Cases[2].Name != "launch-spike/budget/maxCost" || rep.Suites[0].Cases[2].Failure != nil {
		t.Errorf("budget case: %+v", rep.Suites[0].Cases[2])
	}
}

func TestGitHub(t *testing.T) {
	var b bytes.Buffer
	if err := GitHub(&b, outcome(), nil); err != nil {
		t.Fatal(err)
	}
	want := "::error file=swarm.yaml,line=33,col=20,title=agentscale test%3A launch-spike/responder::p95 wait 3m12s > 1m30s\n"
	if b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}

// A problem that kept a scenario from running fails every report, with
// the scenarios that did run passing: a CI report must not turn green
// because a scenario never ran.
func TestStoppedFailsEveryReport(t *testing.T) {
	outs := outcome()
	outs[0].Checks = outs[0].Checks[1:] // every check passes
	stopped := diag.ErrorList{{Pos: spec.Pos{File: "loads.csv", Line: 2, Col: 3}, Msg: `arrivals_per_second "abc" is not a number`}}
	var b bytes.Buffer
	if err := Text(&b, outs, len(stopped)); err != nil {
		t.Fatal(err)
	}
	if want := "FAIL: 1 scenario, 2 checks passed; 1 problem kept scenarios from running (on standard error)\n"; !strings.HasSuffix(b.String(), want) {
		t.Errorf("text ends\n%s\nwant %s", b.String(), want)
	}
	b.Reset()
	JSON(&b, outs, stopped)
	var rep jsonReport
	if err := json.Unmarshal(b.Bytes(), &rep); err != nil || rep.Pass || len(rep.Errors) != 1 || rep.Errors[0].Line != 2 {
		t.Errorf("json: %v %s", err, b.String())
	}
	b.Reset()
	JUnit(&b, outs, stopped)
	var ju junitSuites
	if err := xml.Unmarshal(b.Bytes(), &ju); err != nil || ju.Errors != 1 || ju.Failures != 0 {
		t.Errorf("junit: %v %s", err, b.String())
	}
	b.Reset()
	GitHub(&b, outs, stopped)
	if want := "::error file=loads.csv,line=2,col=3,title=agentscale test%3A could not run::arrivals_per_second \"abc\" is not a number\n"; b.String() != want {
		t.Errorf("github: got %q, want %q", b.String(), want)
	}
}
