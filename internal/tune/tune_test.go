package tune

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/agentscale/agentscale/internal/scenario"
)

func TestParseVary(t *testing.T) {
	for _, c := range []struct {
		arg  string
		want string // values joined by " ", or "error: substring"
	}{
		{"responder.replicas.max=10,20,40", "10 20 40"},
		{"responder.replicas.min=1..5", "1 2 3 4 5"},
		{"responder.replicas.max=10..40:10", "10 20 30 40"},
		{"cluster.hpa.tolerance=0.05..0.2:0.05", "0.05 0.1 0.15 0.2"},
		{"cluster.hpa.downscaleStabilization=1m..3m:30s", "1m0s 1m30s 2m0s 2m30s 3m0s"},
		{"responder.replicas.max=5..5", "5"},
		{"responder.replicas.max", "error: want PATH=V1,V2"},
		{"responder.replicas.max=", "error: want PATH=V1,V2"},
		{"responder.replicas.max=1,,2", "error: an empty value"},
		{"responder.replicas.max=9..1", "error: ends below its start"},
		{"responder.replicas.max=1..9:0", "error: not a positive number"},
		{"responder.replicas.max=1..ten", `error: "ten" is not a number like 1`},
		{"cluster.hpa.downscaleStabilization=1m..5m", "error: a duration range needs a positive step"},
		{"responder.replicas.max=0..1e9", "error: at most 10000"},
		{"responder=1..3", "error: name a field"},
	} {
		v, err := ParseVary(c.arg)
		got := strings.Join(v.Values, " ")
		if err != nil {
			got = "error: " + err.Error()
		}
		if strings.HasPrefix(c.want, "error: ") {
			if !strings.HasPrefix(got, "error: ") || !strings.Contains(got, strings.TrimPrefix(c.want, "error: ")) {
				t.Errorf("%s: got %q, want an error with %q", c.arg, got, c.want)
			}
		} else if got != c.want {
			t.Errorf("%s: got %q, want %q", c.arg, got, c.want)
		}
	}
}

func example(t testing.TB) *scenario.Swarm {
	t.Helper()
	data, err := os.ReadFile("../../examples/market-research.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sw, errs := scenario.Parse("market-research.yaml", data)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return sw
}

func mustVary(t testing.TB, arg string) Vary {
	t.Helper()
	v, err := ParseVary(arg)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestSearchPicksTheCheapestPassing checks the choice against the
// candidates' own figures: the best passes, and no passing candidate that
// ran to the end is cheaper to the cent; a stopped one was above the best.
func TestSearchPicksTheCheapestPassing(t *testing.T) {
	sw := example(t)
	res, err := Search(sw, Options{Scenario: sw.Index("launch-spike"), Varies: []Vary{
		mustVary(t, "responder.replicas.min=1..5"),
		mustVary(t, "responder.scaling.keda.triggers[0].metadata.lagThreshold=500,1000,2000"),
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Candidates) != 15 || res.Objective != "cost" {
		t.Fatalf("%d candidates, objective %s", len(res.Candidates), res.Objective)
	}
	if res.Best < 0 {
		t.Fatal("no best")
	}
	best := res.Candidates[res.Best]
	passes, fails, stopped := 0, 0, 0
	for i, c := range res.Candidates {
		switch {
		case c.Stopped:
			stopped++
			if cents(c.Objective) <= cents(best.Objective) {
				t.Errorf("candidate %v was stopped at %.3f, not above the best %.3f", c.Values, c.Objective, best.Objective)
			}
		case c.Passed():
			passes++
			if cents(c.Objective) < cents(best.Objective) || (cents(c.Objective) == cents(best.Objective) && i < res.Best) {
				t.Errorf("candidate %v (%.3f) beats the best %v (%.3f)", c.Values, c.Objective, best.Values, best.Objective)
			}
		default:
			fails++
		}
	}
	if passes < 2 || fails < 2 || stopped < 1 {
		t.Errorf("the grid does not exercise the search: %d pass, %d fail, %d stopped", passes, fails, stopped)
	}
	// The same search gives the same table: waves, not cores, decide what
	// is stopped.
	again, err := Search(sw, Options{Scenario: sw.Index("launch-spike"), Varies: res.Varies})
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	if err := Write(&a, "text", res, sw.Base); err != nil {
		t.Fatal(err)
	}
	if err := Write(&b, "text", again, sw.Base); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Errorf("two searches differ:\n%s\n%s", a.String(), b.String())
	}
	if !strings.Contains(a.String(), "market-research.yaml:62:23: roles[1].replicas.min: ") {
		t.Errorf("the change does not point at the file:\n%s", a.String())
	}
}

func TestSearchWithoutPass(t *testing.T) {
	sw := example(t)
	res, err := Search(sw, Options{Scenario: sw.Index("launch-spike"), Varies: []Vary{mustVary(t, "responder.replicas.max=2..4")}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Best != -1 {
		t.Fatalf("best %d, want none", res.Best)
	}
	i, misses := res.Closest()
	if i != 2 || len(misses) == 0 || misses[0].Role != "responder" {
		t.Errorf("closest %d (%+v), want the largest max", i, misses)
	}
	var b bytes.Buffer
	if err := Write(&b, "text", res, sw.Base); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "no candidate meets every expectation\nclosest: responder.replicas.max=4\n") {
		t.Errorf("output:\n%s", b.String())
	}
}

func TestInvalidCandidate(t *testing.T) {
	sw := example(t)
	// A maximum below the minimum is refused by validation: that candidate
	// is invalid, the others run.
	res, err := Search(sw, Options{Scenario: sw.Index("launch-spike"), Varies: []Vary{mustVary(t, "responder.replicas.max=0,40")}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Candidates[0].Err == nil || res.Candidates[1].Err != nil || res.Best != 1 {
		t.Errorf("candidates: %+v, best %d", res.Candidates, res.Best)
	}
}

func TestJSONBest(t *testing.T) {
	sw := example(t)
	res, err := Search(sw, Options{Scenario: sw.Index("launch-spike"), Objective: "replica-hours", Varies: []Vary{mustVary(t, "responder.replicas.min=1,3")}})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Write(&b, "json", res, sw.Base); err != nil {
		t.Fatal(err)
	}
	var out struct {
		Objective  string            `json:"objective"`
		Best       map[string]string `json:"best"`
		Candidates []json.RawMessage `json:"candidates"`
	}
	if err := json.Unmarshal(b.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	if out.Objective != "replica-hours" || out.Best["responder.replicas.min"] == "" || len(out.Candidates) != 2 {
		t.Errorf("json: %s", b.String())
	}
}

func TestSuggest(t *testing.T) {
	sw := example(t)
	var keys []string
	for _, s := range Suggest(sw.Base, sw.Index("launch-spike")) {
		keys = append(keys, s.Key)
		// Every suggestion is a --vary that parses, and tries the current
		// value among the others.
		v, err := ParseVary(s.Vary)
		if err != nil {
			t.Errorf("%s: %v", s.Vary, err)
		}
		if _, numeric := strconv.ParseFloat(s.Current, 64); numeric == nil && !slices.Contains(v.Values, s.Current) {
			t.Errorf("%s does not try the current %s", s.Vary, s.Current)
		}
	}
	// KEDA's polling and cooldown matter only on the way to and from zero:
	// the responder never goes below 1.
	// KEDA's HPA has no behavior here, so the cluster's window applies.
	want := "responder.replicas.min responder.replicas.max responder.scaling.keda.triggers[0].metadata.lagThreshold"
	if strings.Join(keys, " ") != want+" cluster.hpa.downscaleStabilization" {
		t.Errorf("suggestions %v, want %s", keys, want)
	}
	zero := example(t).Base
	_, i := zero.Spec.Role("responder")
	zero.Spec.Roles[i].Replicas.Min = 0
	keys = nil
	for _, s := range Suggest(zero, sw.Index("launch-spike")) {
		keys = append(keys, s.Key)
	}
	if want += " responder.scaling.keda.pollingInterval responder.scaling.keda.cooldownPeriod cluster.hpa.downscaleStabilization"; strings.Join(keys, " ") != want {
		t.Errorf("scaling to zero: suggestions %v, want %s", keys, want)
	}
}

// BenchmarkTune50 tunes the example's spike over 50 candidates (target:
// under 5 s on 2 cores).
func BenchmarkTune50(b *testing.B) {
	sw := example(b)
	varies := []Vary{
		mustVary(b, "responder.replicas.min=1..5"),
		mustVary(b, "responder.scaling.keda.triggers[0].metadata.lagThreshold=250..2500:250"),
	}
	for b.Loop() {
		if _, err := Search(sw, Options{Scenario: sw.Index("launch-spike"), Varies: varies}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestAround(t *testing.T) {
	for _, tt := range []struct {
		v       float64
		integer bool
		want    string
	}{
		{1000, false, "500,750,1000,1500,2000"},
		{0.3, false, "0.15,0.22,0.3,0.45,0.6"},
		{50, true, "25,38,50,75,100"},
		{7, true, "4,5,7,11,14"},
		{1, true, "1,2"},
		{5, true, "3,4,5,8,10"}, // a queueLength of 5: whole numbers only
	} {
		if got := around(tt.v, tt.integer); got != tt.want {
			t.Errorf("around(%g, %t) = %s, want %s", tt.v, tt.integer, got, tt.want)
		}
	}
}

// The closest failure misses the fewest expectations, then by the least;
// its misses come worst first.
func TestClosestPrefersFewerMisses(t *testing.T) {
	miss := func(name string, excess float64) scenario.Check {
		return scenario.Check{Name: name, Excess: excess}
	}
	res := &Result{Best: -1, Candidates: []Candidate{
		{Outcome: &scenario.Outcome{Checks: []scenario.Check{miss("p95Wait", 0.1), miss("drained", 0.5)}}},
		{Outcome: &scenario.Outcome{Checks: []scenario.Check{miss("drained", 0.8)}}},
		{Err: errors.New("invalid")},
	}}
	i, misses := res.Closest()
	if i != 1 || len(misses) != 1 || misses[0].Name != "drained" {
		t.Errorf("closest %d %+v, want the candidate with one miss", i, misses)
	}
	res.Candidates = res.Candidates[:1]
	if _, misses := res.Closest(); len(misses) != 2 || misses[0].Name != "drained" {
		t.Errorf("misses %+v, want the worst first", misses)
	}
}
