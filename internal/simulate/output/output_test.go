package output

import (
	"bytes"
	"encoding/json"
	"flag"
	"github.com/agentscale/agentscale/internal/simulate/figures"
	"strings"
	"testing"

	"github.com/agentscale/agentscale/internal/simulate"
)

// -update is accepted so `make golden` can run every package; the golden
// files for these printers are in internal/simulate's golden test.
var _ = flag.Bool("update", false, "rewrite golden files (none in this package)")

func result() *simulate.Result {
	return &simulate.Result{Swarm: "s", Load: "steady:1", Duration: 20, Step: 10, Steps: 2,
		Roles: []*simulate.RoleRun{{Name: "a", Pool: "p", Autoscaler: "none", Min: 1, Max: 3, TasksPerSecond: 0.5, StartupSeconds: 30,
			Series: &simulate.RoleSeries{Arrivals: []float64{1.23456, 0.1 + 0.2}, Backlog: []float64{12.5, -0.0000001}, Processed: []float64{0, 5},
				Desired: []int32{1, 2}, Ready: []int32{1, 1}, Starting: []int32{0, 1}, Pending: []int32{0, 0}},
			Summary: simulate.RoleSummary{PeakBacklog: 12.5, WorstWait: 3700, WaitAtLeast: true, Drained: true, DrainAfterPeak: 10}}},
		Pools: []*simulate.PoolRun{{Name: "p", Price: 0.5, Nodes: []int32{1, 2}, Summary: simulate.PoolSummary{NodeHours: 0.0083, Cost: 0.00415}}},
		Notes: []string{"a note"}}
}

func TestCSV(t *testing.T) {
	var b bytes.Buffer
	if err := CSV(&b, result()); err != nil {
		t.Fatal(err)
	}
	want := CSVHeader + "\n0,a,1.235,12.5,1,1,0,1,0,0\n10,a,0.3,0,2,1,0,2,1,5\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestJSONIsValidAndCompact(t *testing.T) {
	var b bytes.Buffer
	if err := JSON(&b, result()); err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(b.Bytes(), &v); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, b.String())
	}
	if !strings.Contains(b.String(), `"arrivals": [1.235,0.3]`) || !strings.Contains(b.String(), `"drainAfterPeakSeconds": 10`) {
		t.Errorf("series not compact or summary missing:\n%s", b.String())
	}
}

func TestTable(t *testing.T) {
	var b bytes.Buffer
	if err := Table(&b, result()); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"role a (0.5 tasks/s per replica, 30s start-up, pool p)", "worst ≥1h1m40s", "drained        10s after the peak", "  p              0.01 node-hours, $0.00", "notes\n  a note"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("missing %q in\n%s", want, b.String())
		}
	}
}

func TestSweepCSVQuotes(t *testing.T) {
	var b bytes.Buffer
	runs := []simulate.SweepRun{{Value: `{a: "1,2"}`, Result: result()}}
	if err := SweepCSV(&b, "k", runs); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "\n\"{a: \"\"1,2\"\"}\",12.5,3700,0,true,") {
		t.Errorf("got %s", b.String())
	}
}

func TestFormats(t *testing.T) {
	for in, want := range map[float64]string{0: "0", 1.2344: "1.234", -0.0001: "0", 1e6: "1000000"} {
		if got := figures.Rate(in); got != want {
			t.Errorf("figures.Rate(%g) = %s, want %s", in, got, want)
		}
	}
	if got := figures.Count(3.14159); got != "3.1" {
		t.Errorf("count = %s", got)
	}
	if got := figures.Duration(3725); got != "1h2m5s" {
		t.Errorf("dur = %s", got)
	}
}
