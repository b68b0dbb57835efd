package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func init() {
	// `make golden` passes -update to every package; another test file of
	// this package may already define it.
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files")
	}
}

func TestSimulateCommand(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	example := "../../examples/market-research.yaml"
	badCSV := write("bad.csv", "seconds,rate\n0,5\n60,lots\n")
	ghostCSV := write("ghost.csv", "0,5,responder\n60,5,ghost\n")
	badTrigger := write("bad-trigger.yaml", `apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: x}
spec:
  roles:
    - name: c
      image: x:1
      replicas: {min: 1, max: 5}
      scaling:
        keda:
          triggers:
            - type: kafka
              metadata: {bootstrapServers: "k:9092", consumerGroup: g, lagThreshold: ten}
`)
	plainJob := write("job.yaml", "apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\nmetadata: {name: x}\nspec:\n  roles:\n    - {name: once, image: \"x:1\", workload: Job}\n")
	invalid := write("invalid.yaml", "apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\nmetadata: {name: x}\nspec:\n  roles: []\n")
	svg := filepath.Join(dir, "run.svg")
	tests := []struct {
		name    string
		args    []string
		code    int
		stdout  string
		stderr  string
		creates string
	}{
		{"table", []string{example, "--load", "steady:5", "--duration", "10m"}, 0, "role responder", "", ""},
		{"one role, csv", []string{example, "--role", "responder", "--load", "steady:5", "--duration", "20s", "--step", "10s", "-o", "csv"}, 0,
			"time_s,role,arrivals,backlog,desired_replicas,ready_replicas,pending_pods,nodes,starting_pods,processed\n0,responder,5,0,1,1,0,", "", ""},
		{"json with --env and --set", []string{example, "--env", "prod", "--set", "responder.replicas.max=7", "--load", "steady:1", "--duration", "1m", "-o", "json"}, 0, `"maxReplicas": 7`, "", ""},
		{"sweep", []string{example, "--role", "responder", "--load", "spike:0+400@1m/2m", "--duration", "10m", "--sweep", "responder.replicas.max=5,50"}, 0, "responder.replicas.max", "", ""},
		{"plot", []string{example, "--load", "steady:5", "--duration", "5m", "--plot", svg}, 0, "role scout", "", svg},
		{"no --load", []string{example}, 2, "", "--load is required", ""},
		{"bad pattern", []string{example, "--load", "spike:oops"}, 2, "", `load pattern "spike:oops"`, ""},
		{"neither file nor pattern", []string{example, "--load", "nope.csv"}, 2, "", "no such file, and not a load pattern", ""},
		{"bad load line", []string{example, "--load", badCSV}, 1, "", badCSV + `:3:4: arrivals_per_second "lots" is not a number`, ""},
		{"unknown role in the load", []string{example, "--load", ghostCSV}, 1, "", ghostCSV + `:2:6: unknown role "ghost"`, ""},
		{"unknown --role", []string{example, "--role", "ghost", "--load", "steady:1"}, 2, "", "--role ghost: unknown role", ""},
		{"bad -o", []string{example, "--load", "steady:1", "-o", "yaml"}, 2, "", "invalid argument \"yaml\" for \"-o, --output\" flag: want one of table, json, csv", ""},
		{"fractional step", []string{example, "--load", "steady:1", "--step", "1500ms"}, 2, "", "--step 1.5s: want whole seconds", ""},
		{"bad plot name", []string{example, "--load", "steady:1", "--plot", "run.txt"}, 2, "", "name a .svg or .png file", ""},
		{"plot with sweep", []string{example, "--load", "steady:1", "--plot", svg, "--sweep", "responder.replicas.max=1,2"}, 2, "", "cannot be combined", ""},
		{"bad --set path", []string{example, "--load", "steady:1", "--set", "ghost.replicas.max=3"}, 2, "", `--set ghost.replicas.max=3: no role "ghost"`, ""},
		{"--set makes it invalid", []string{example, "--load", "steady:1", "--set", "responder.replicas.max=0"}, 2, "", "the result is invalid", ""},
		{"bad --sweep", []string{example, "--load", "steady:1", "--sweep", "responder.replicas.max"}, 2, "", "want KEY=V1,V2", ""},
		{"missing swarm", []string{filepath.Join(dir, "missing.yaml"), "--load", "steady:1"}, 2, "", "cannot read", ""},
		{"invalid swarm", []string{invalid, "--load", "steady:1"}, 1, "", invalid + ":", ""},
		{"bad trigger metadata in the file", []string{badTrigger, "--load", "steady:1"}, 1, "", badTrigger + `:13:`, ""},
		{"bad trigger metadata from --set", []string{example, "--load", "steady:1", "--set", "responder.scaling.keda.triggers[0].metadata.lagThreshold=ten"}, 2, "",
			`--set responder.scaling.keda.triggers[0].metadata.lagThreshold=ten: the result is invalid: roles[1].scaling.keda.triggers[0].metadata.lagThreshold: "ten" is not a whole number`, ""},
		{"a trigger KEDA would refuse", []string{example, "--load", "steady:1", "--set", "responder.scaling.keda.triggers[0].type=redis"}, 2, "", `a redis trigger needs "listName"`, ""},
		{"a ScaledJob", []string{"../../examples/batch-job.yaml", "--load", "spike:0+2@1m/1m", "--duration", "10m"}, 0, "jobs           ", "", ""},
		{"a plain Job", []string{plainJob, "--role", "once", "--load", "steady:1"}, 2, "", "--role once: the role is a Job without scaling.keda", ""},
		{"two files", []string{example, example, "--load", "steady:1"}, 2, "", "one swarm FILE", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run(append([]string{"simulate"}, tt.args...), strings.NewReader(""), &out, &errOut)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, out.String(), errOut.String())
			}
			if !strings.Contains(out.String(), tt.stdout) {
				t.Errorf("stdout lacks %q:\n%s", tt.stdout, out.String())
			}
			if !strings.Contains(errOut.String(), tt.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.stderr, errOut.String())
			}
			if tt.code != 0 && out.Len() > 0 {
				t.Errorf("a failed run printed to stdout:\n%s", out.String())
			}
			if tt.creates != "" {
				if _, err := os.Stat(tt.creates); err != nil {
					t.Error(err)
				}
			}
		})
	}
}
