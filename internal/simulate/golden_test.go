package simulate_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/agentscale/agentscale/internal/simulate"
	"github.com/agentscale/agentscale/internal/simulate/load"
	"github.com/agentscale/agentscale/internal/simulate/output"
	"github.com/agentscale/agentscale/internal/simulate/override"
	"github.com/agentscale/agentscale/internal/spec"
)

var update = flag.Bool("update", false, "rewrite the golden files from the current output")

const dir = "../../testdata/simulate"

type goldenCase struct {
	name     string // golden file: testdata/simulate/NAME.golden
	swarm    string
	env      string
	load     string // pattern, or a file in testdata/simulate
	duration int64
	step     int64
	roles    []string
	sets     []string
	sweep    string
	format   string
}

var goldenCases = []goldenCase{
	{name: "market-research.table", swarm: "../../examples/market-research.yaml", load: "spike:20+500@5m/10m", duration: 3600, step: 1, format: "table"},
	{name: "market-research-prod.table", swarm: "../../examples/market-research.yaml", env: "prod", load: "daily:20..300@1h", duration: 4 * 3600, step: 5, roles: []string{"responder"}, format: "table"},
	{name: "market-research-sweep.table", swarm: "../../examples/market-research.yaml", load: "spike:20+500@5m/10m", duration: 3600, step: 1,
		roles: []string{"responder"}, sweep: "responder.scaling.keda.triggers[0].metadata.lagThreshold=100,1000,5000", format: "table"},
	{name: "market-research-sweep.csv", swarm: "../../examples/market-research.yaml", load: "spike:20+500@5m/10m", duration: 3600, step: 1,
		roles: []string{"responder"}, sets: []string{"nodePools.general.provisionSeconds=30"}, sweep: "responder.replicas.max=10,20,40", format: "csv"},
	{name: "kafka-scale-to-zero.table", swarm: "kafka-scale-to-zero.yaml", load: "kafka-load.csv", duration: 1800, step: 1, format: "table"},
	{name: "kafka-scale-to-zero.csv", swarm: "kafka-scale-to-zero.yaml", load: "kafka-load.csv", duration: 1800, step: 10, format: "csv"},
	{name: "kafka-scale-to-zero.json", swarm: "kafka-scale-to-zero.yaml", load: "kafka-load.csv", duration: 900, step: 15, format: "json"},
	{name: "hpa-cpu-behavior.table", swarm: "hpa-cpu-behavior.yaml", load: "ramp:0..30/10m", duration: 3600, step: 1, format: "table"},
	{name: "hpa-tolerance.table", swarm: "hpa-cpu-behavior.yaml", load: "ramp:0..30/10m", duration: 3600, step: 1,
		sets: []string{"agent.scaling.hpa.behavior=null", "agent.scaling.hpa.tolerance=0.3", "headroom.replicas=0"}, format: "table"},
	{name: "queues.table", swarm: "queues.yaml", load: "daily:0..20@2h", duration: 4 * 3600, step: 5, format: "table"},
}

// simulateCase runs a case the way the command does and prints it.
func simulateCase(t *testing.T, c goldenCase) []byte {
	t.Helper()
	s, err := spec.Load(path(c.swarm), nil, spec.Options{Env: c.env})
	if err != nil {
		t.Fatal(err)
	}
	arg := c.load
	if !load.IsPattern(arg) {
		arg = path(arg)
	}
	l, err := load.Open(arg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !load.IsPattern(c.load) {
		l.Source = c.load // the golden file must not depend on where tests run
	}
	var sets []override.Set
	for _, a := range c.sets {
		set, err := override.Parse(a)
		if err != nil {
			t.Fatal(err)
		}
		sets = append(sets, set)
	}
	opts := simulate.Options{Roles: c.roles, Load: l, Duration: c.duration, Step: c.step}
	var out bytes.Buffer
	if c.sweep != "" {
		sw, err := simulate.ParseSweep(c.sweep)
		if err != nil {
			t.Fatal(err)
		}
		runs, err := simulate.RunSweep(s, sets, sw, opts, simulate.Run)
		if err != nil {
			t.Fatal(err)
		}
		if err := output.WriteSweep(&out, c.format, sw.Key, runs); err != nil {
			t.Fatal(err)
		}
		return out.Bytes()
	}
	if s, err = override.Apply(s, sets); err != nil {
		t.Fatal(err)
	}
	res, err := simulate.Run(s, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := output.Write(&out, c.format, res); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func path(p string) string {
	if filepath.IsAbs(p) || filepath.Dir(p) != "." {
		return p
	}
	return filepath.Join(dir, p)
}

func TestGolden(t *testing.T) {
	for _, c := range goldenCases {
		t.Run(c.name, func(t *testing.T) {
			got := simulateCase(t, c)
			if again := simulateCase(t, c); !bytes.Equal(got, again) {
				t.Fatal("two runs of the same input printed different bytes")
			}
			file := filepath.Join(dir, c.name+".golden")
			if *update {
				if err := os.WriteFile(file, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test -run Golden -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("output differs from %s (run go test -run Golden -update and review the diff):\n%s", file, got)
			}
		})
	}
}

// TestGoldenExamples runs every swarm in examples/ under one spike, so a
// change to an example or to the model shows up as a reviewed diff in
// testdata/simulate/examples/.
func TestGoldenExamples(t *testing.T) {
	files, err := filepath.Glob("../../examples/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			got := exampleRun(t, f)
			file := filepath.Join(dir, "examples", name[:len(name)-len(".yaml")]+".table.golden")
			if *update {
				if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(file, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test -run Golden -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("output differs from %s (run go test -run Golden -update and review the diff):\n%s", file, got)
			}
		})
	}
}

func exampleRun(t *testing.T, file string) []byte {
	s, err := spec.Load(file, nil, spec.Options{})
	if err != nil {
		t.Fatal(err)
	}
	l, _ := load.ParsePattern("spike:10+200@5m/10m")
	res, err := simulate.Run(s, simulate.Options{Load: l, Duration: 3600, Step: 1})
	if err != nil {
		return []byte("error: " + err.Error() + "\n")
	}
	var out bytes.Buffer
	if err := output.Table(&out, res); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}
