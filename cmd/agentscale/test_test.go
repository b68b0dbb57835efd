package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTestCommand(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	example := "../../examples/market-research.yaml"
	data, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	// The example with a p95 bound it misses, and with an unreadable load.
	failing := write("failing.yaml", strings.Replace(string(data), "responder: {p95Wait: 90s,", "responder: {p95Wait: 20s,", 1))
	missingLoad := write("missing-load.yaml", strings.Replace(string(data), "load: steady:30", "load: loads/none.csv", 1))
	noScenarios := write("plain.yaml", "apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\nmetadata: {name: p}\nspec:\n  roles: [{name: a, image: x:1}]\n")
	invalid := write("invalid.yaml", "apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\nmetadata: {name: p}\nspec:\n  roles: [{name: a, image: x:1}]\n  scenarios: [{name: s, load: steady:1, expect: {b: {maxWait: 1m}}}]\n")
	notDir := write("file.txt", "x")
	for _, c := range []cliCase{
		{name: "the example passes", args: []string{"test", example}, code: 0,
			stdout: "~ok: 3 scenarios, 13 checks passed\n"},
		{name: "an unknown environment is one problem, not one per scenario", args: []string{"test", "--env", "staging", example}, code: 1,
			stderr: "../../examples/market-research.yaml:136:3: environments: unknown environment \"staging\" (defined: prod)\n"},
		{name: "one scenario", args: []string{"test", "--scenario", "launch-spike", example}, code: 0,
			stdout: "~PASS launch-spike (7 checks)\n    ok  responder: p95 wait 39s ≤ 1m30s\n"},
		{name: "a missed bound is at its expectation", args: []string{"test", "--scenario", "launch-spike", failing}, code: 1,
			stdout: "~" + failing + ":120:30: launch-spike/responder: p95 wait 39s > 20s\n"},
		{name: "github annotations", args: []string{"test", "-o", "github", failing}, code: 1,
			stdout: "~::error file=" + failing + ",line=120,col=30,title=agentscale test%3A launch-spike/responder::p95 wait 39s > 20s\n" +
				"::warning file=" + failing + ",line=115,col=13,title=agentscale test%3A launch-spike/responder%3A starved::at 20m0s its autoscaler cut it from 3 to 1 replicas"},
		{name: "a failed scenario says why", args: []string{"test", "--scenario", "launch-spike", failing}, code: 1,
			stdout: "~  findings\n    responder: starved\n      at 20m0s its autoscaler cut it from 3 to 1 replicas while 50 tasks/s arrived"},
		{name: "junit", args: []string{"test", "-o", "junit", "--scenario", "steady-scouting", example}, code: 0,
			stdout: "~<testcase name=\"steady-scouting/scout/p95Wait\""},
		{name: "json", args: []string{"test", "-o", "json", "--scenario", "launch-spike", failing}, code: 1,
			stdout: "~\"pass\": false"},
		{name: "a load file that is not there is the file's problem", args: []string{"test", missingLoad}, code: 1,
			stdout: "~FAIL: 2 scenarios, 10 checks passed; 1 problem kept scenarios from running (on standard error)\n",
			stderr: "~" + missingLoad + ":123:13: scenarios[1].load: loads/none.csv is not a load pattern (steady:RATE, "},
		{name: "a scenario that could not run fails the CI report", args: []string{"test", "-o", "junit", missingLoad}, code: 1,
			stdout: `~<testsuites tests="11" failures="0" errors="1">`, stderr: "~scenarios[1].load"},
		{name: "an invalid swarm", args: []string{"test", invalid}, code: 1,
			stderr: "~invalid.yaml:6:50: scenarios[0].expect.b: role \"b\" is not defined in spec.roles"},
		{name: "a file without scenarios runs none", args: []string{"test", noScenarios}, code: 0, stdout: "no scenarios ran\n"},
		{name: "unknown scenario", args: []string{"test", "--scenario", "lunch-spike", example}, code: 2,
			stderr: "~--scenario lunch-spike: no scenario of that name"},
		{name: "bad format", args: []string{"test", "-o", "xml", example}, code: 2, stderr: "~invalid argument \"xml\" for \"-o, --output\" flag: want one of text, json, junit, github"},
		{name: "plot into a file", args: []string{"test", "--plot", notDir, example}, code: 2, stderr: "~not a directory"},
		{name: "no file", args: []string{"test"}, code: 2, stderr: "agentscale: test needs a swarm FILE (or - for stdin) with spec.scenarios, as in: agentscale test swarm.yaml\n"},
		{name: "unreadable file", args: []string{"test", filepath.Join(dir, "nope.yaml")}, code: 2, stderr: "~cannot read"},
	} {
		t.Run(c.name, c.check)
	}
}

func TestTestPlotsFailingScenarios(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile("../../examples/market-research.yaml")
	if err != nil {
		t.Fatal(err)
	}
	failing := filepath.Join(dir, "mr.yaml")
	if err := os.WriteFile(failing, []byte(strings.Replace(string(data), "responder: {p95Wait: 90s,", "responder: {p95Wait: 20s,", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	plots := filepath.Join(dir, "plots")
	if r := cli(t, "", "test", "--plot", plots, failing); r.code != 1 {
		t.Fatalf("exit %d: %s %s", r.code, r.stdout, r.stderr)
	}
	entries, err := os.ReadDir(plots)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "mr-launch-spike.png" {
		t.Errorf("plots: %v, want only the failing scenario's", entries)
	}
}

func TestTuneCommand(t *testing.T) {
	example := "../../examples/market-research.yaml"
	lag := "responder.scaling.keda.triggers[0].metadata.lagThreshold"
	for _, c := range []cliCase{
		{name: "best and the change", args: []string{"tune", example, "--scenario", "launch-spike", "--vary", "responder.replicas.min=1..3", "--vary", lag + "=500,1000"}, code: 0,
			stdout: "~best: responder.replicas.min=2, " + lag + "=1000: cost $2.38, meets all 7 expectations\n\nchange:\n  ../../examples/market-research.yaml:62:23: roles[1].replicas.min: 2\n"},
		{name: "one key varied twice", args: []string{"tune", example, "--scenario", "launch-spike", "--vary", "responder.replicas.min=1,2", "--vary", "responder.replicas.min=3,4"}, code: 2,
			stderr: "agentscale: --vary responder.replicas.min=3,4: responder.replicas.min is varied twice; give all its values in one --vary\n"},
		{name: "json best", args: []string{"tune", example, "--scenario", "launch-spike", "--vary", "responder.replicas.min=1,2", "-o", "json"}, code: 0,
			stdout: "~\"best\": {\n    \"responder.replicas.min\": \"2\"\n  },"},
		{name: "none passes", args: []string{"tune", example, "--scenario", "launch-spike", "--vary", "responder.replicas.max=2..3"}, code: 1,
			stdout: "~no candidate meets every expectation\nclosest: responder.replicas.max=3\n  ../../examples/market-research.yaml:120:"},
		{name: "suggest", args: []string{"tune", example, "--scenario", "steady-scouting", "--suggest"}, code: 0,
			stdout: "~scout      scout.scaling.hpa.metrics[0].target"},
		{name: "no scenario flag", args: []string{"tune", example, "--vary", "responder.replicas.min=1,2"}, code: 2, stderr: "~--scenario is required"},
		{name: "unknown scenario", args: []string{"tune", example, "--scenario", "nope", "--vary", "responder.replicas.min=1,2"}, code: 2,
			stderr: "~no scenario of that name in ../../examples/market-research.yaml (defined: launch-spike, steady-scouting, morning-ramp)"},
		{name: "no vary", args: []string{"tune", example, "--scenario", "launch-spike"}, code: 2, stderr: "~name at least one --vary"},
		{name: "bad vary", args: []string{"tune", example, "--scenario", "launch-spike", "--vary", "responder.replicas.min=5..1"}, code: 2, stderr: "~ends below its start"},
		{name: "unknown role in vary", args: []string{"tune", example, "--scenario", "launch-spike", "--vary", "respondr.replicas.min=1,2"}, code: 2,
			stderr: "~no role \"respondr\""},
		{name: "bad objective", args: []string{"tune", example, "--scenario", "launch-spike", "--vary", "responder.replicas.min=1", "--objective", "speed"}, code: 2,
			stderr: "~--objective speed: want one of cost, replica-hours, node-hours"},
	} {
		t.Run(c.name, c.check)
	}
}
