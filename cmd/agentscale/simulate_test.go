package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
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
	manifests, clusterDoc := "../../testdata/simulate/manifests/helm-style.yaml", "../../testdata/simulate/manifests/cluster.yaml"
	onlyConfigMap := write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n")
	badManifest := write("bad-so.yaml", `apiVersion: apps/v1
kind: Deployment
metadata: {name: w}
spec: {selector: {matchLabels: {app: w}}, template: {metadata: {labels: {app: w}}, spec: {containers: [{name: w, image: w:1}]}}}
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: w}
spec: {scaleTargetRef: {name: w}, triggers: [{type: kafka, metadata: {bootstrapServers: "k:9092", topic: t, consumerGroup: w, lagThreshold: ten}}]}
`)
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
		{"-o table, text's old name", []string{example, "--load", "steady:1", "--duration", "1m", "-o", "table"}, 0, "swarm market-research: 1m0s", "", ""},
		{"bad -o", []string{example, "--load", "steady:1", "-o", "yaml"}, 2, "", "invalid argument \"yaml\" for \"-o, --output\" flag: want one of text, json, csv", ""},
		{"fractional step", []string{example, "--load", "steady:1", "--step", "1500ms"}, 2, "", "--step 1.5s: want whole seconds", ""},
		{"bad plot name", []string{example, "--load", "steady:1", "--plot", "run.txt"}, 2, "", "name a .svg or .png file", ""},
		{"plot with sweep", []string{example, "--load", "steady:1", "--plot", svg, "--sweep", "responder.replicas.max=1,2"}, 2, "", "cannot be combined", ""},
		{"window", []string{example, "--load", "steady:5", "--duration", "10m", "--plot", svg, "--window", "2m..8m"}, 0, "role scout", "", svg},
		{"window without plot", []string{example, "--load", "steady:1", "--window", "2m..8m"}, 2, "", "give --plot FILE.png too", ""},
		{"bad window", []string{example, "--load", "steady:1", "--plot", svg, "--window", "8m..2m"}, 2, "", "the end must come after the start", ""},
		{"window past the run", []string{example, "--load", "steady:1", "--duration", "5m", "--plot", svg, "--window", "1h.."}, 2, "", "after the run ends", ""},
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
		{"manifests on a Cluster document", []string{manifests, "--cluster", clusterDoc, "--load", "spike:20+200@5m/10m", "--duration", "20m"}, 0,
			"role worker (5 tasks/s per replica, 45s start-up, pool web)", "", ""},
		{"manifests: an HPA on CPU and a PDB", []string{manifests, "--cluster", clusterDoc, "--load", "steady:5", "--duration", "5m"}, 0,
			"autoscaler     HPA api: cpu Utilization 60 (no behavior)", "", ""},
		{"manifests with --controller and --sweep", []string{manifests, "--controller", "hpa.syncPeriod=30s", "--load", "steady:5", "--duration", "5m",
			"--sweep", "cluster.clusterAutoscaler.scanInterval=10s,1m"}, 0, "cluster.clusterAutoscaler.scanInterval", "", ""},
		{"manifests: bad trigger metadata at its line", []string{badManifest, "--load", "steady:1"}, 1, "", badManifest + ":9:", ""},
		{"manifests without workloads", []string{onlyConfigMap, "--load", "steady:1"}, 1, "", onlyConfigMap + ":1:1: no Deployment, StatefulSet or KEDA ScaledJob", ""},
		{"--env with manifests", []string{manifests, "--env", "prod", "--load", "steady:1"}, 2, "", "--env applies a swarm's environment", ""},
		{"--cluster with a swarm", []string{example, "--cluster", clusterDoc, "--load", "steady:1"}, 2, "", "--cluster is for manifests", ""},
		{"--set on manifests without a role", []string{manifests, "--set", "ghost.replicas.max=3", "--load", "steady:1"}, 2, "", `no role "ghost"`, ""},
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

// Rendered output simulates exactly like its swarm: for every example,
// `simulate SWARM` and `render SWARM | simulate - --cluster SWARM` print the
// same bytes (table and JSON, the latter with every series).
func TestSimulateRenderedEqualsSwarm(t *testing.T) {
	examples, err := filepath.Glob("../../examples/*.yaml")
	if err != nil || len(examples) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	for _, ex := range examples {
		t.Run(filepath.Base(ex), func(t *testing.T) {
			var rendered, errOut bytes.Buffer
			if code := run([]string{"render", ex}, strings.NewReader(""), &rendered, &errOut); code != 0 {
				t.Fatalf("render: exit %d: %s", code, errOut.String())
			}
			for _, format := range []string{"table", "json"} {
				args := []string{"--load", "spike:20+300@5m/10m", "--duration", "40m", "-o", format}
				var fromSwarm, fromObjects, e1, e2 bytes.Buffer
				c1 := run(append([]string{"simulate", ex}, args...), strings.NewReader(""), &fromSwarm, &e1)
				c2 := run(append([]string{"simulate", "-", "--cluster", ex}, args...), bytes.NewReader(rendered.Bytes()), &fromObjects, &e2)
				if c1 != 0 || c2 != 0 {
					t.Fatalf("-o %s: exit %d (swarm: %s) and %d (rendered: %s)", format, c1, e1.String(), c2, e2.String())
				}
				if fromSwarm.String() != fromObjects.String() {
					t.Errorf("-o %s: the rendered objects simulate differently:\n%s", format, firstDiff(fromSwarm.String(), fromObjects.String()))
				}
			}
		})
	}
}

// firstDiff shows the first line where a and b differ.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range max(len(al), len(bl)) {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return "line " + strconv.Itoa(i+1) + ":\n  swarm:    " + x + "\n  rendered: " + y
		}
	}
	return ""
}

// Rendered manifests carry their node pools in annotations but not the
// pools' prices: a run without --cluster says so instead of showing $0.00
// as if nodes were free; with --cluster it has nothing to say.
func TestSimulateManifestsWithoutClusterNotesThePrice(t *testing.T) {
	example := "../../examples/market-research.yaml"
	r := cli(t, "", "render", example)
	if r.code != 0 {
		t.Fatal(r.stderr)
	}
	rendered := filepath.Join(t.TempDir(), "all.yaml")
	if err := os.WriteFile(rendered, []byte(r.stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	const note = "node pools from the workloads' agentscale.dev/node-pool annotations: no minimum and no price"
	if got := cli(t, "", "simulate", rendered, "--load", "steady:5", "--duration", "5m"); got.code != 0 || !strings.Contains(got.stdout, note) {
		t.Errorf("without --cluster: exit %d, no note in\n%s%s", got.code, got.stdout, got.stderr)
	}
	if got := cli(t, "", "simulate", rendered, "--cluster", example, "--load", "steady:5", "--duration", "5m"); got.code != 0 || strings.Contains(got.stdout, note) {
		t.Errorf("with --cluster: exit %d\n%s%s", got.code, got.stdout, got.stderr)
	}
}
