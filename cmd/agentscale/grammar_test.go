package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/pflag"
	"sigs.k8s.io/yaml"
)

// The CLI grammar every command shares: missing and extra arguments, -f,
// -n, -o, aliases and completion.

func TestMissingAndExtraArguments(t *testing.T) {
	for _, c := range []cliCase{
		{name: "validate", args: []string{"validate"}, code: 2, stderr: "agentscale: validate needs a swarm FILE (or - for stdin), as in: agentscale validate swarm.yaml\n"},
		{name: "render", args: []string{"render"}, code: 2, stderr: "agentscale: render needs a swarm FILE (or - for stdin), as in: agentscale render swarm.yaml | kubectl apply -f -\n"},
		{name: "render two", args: []string{"render", "a.yaml", "-f", "b.yaml"}, code: 2, stderr: "agentscale: render takes one swarm FILE, got 2: \"b.yaml\" \"a.yaml\"\n"},
		{name: "render --krm with -f", args: []string{"render", "--krm", "-f", "a.yaml"}, code: 2, stderr: "~give no FILE"},
		{name: "render --krm with -o json", args: []string{"render", "--krm", "-o", "json"}, code: 2, stderr: "agentscale: --krm writes a ResourceList in YAML, as KRM function runners read it; -o json does not apply\n"},
		{name: "lint", args: []string{"lint"}, code: 2, stderr: "agentscale: lint needs a PATH (a file, a directory, or - for stdin), as in: agentscale lint swarm.yaml\n"},
		{name: "lint --list-rules needs none", args: []string{"lint", "--list-rules"}, code: 0, stdout: "~missing-pdb"},
		{name: "lint --list-rules=false needs a path", args: []string{"lint", "--list-rules=false"}, code: 2, stderr: "~lint needs a PATH"},
		{name: "simulate", args: []string{"simulate"}, code: 2, stderr: "~agentscale: simulate needs a swarm FILE or manifests (files, directories, or - for stdin), as in: agentscale simulate swarm.yaml --load"},
		{name: "test", args: []string{"test"}, code: 2, stderr: "agentscale: test needs a swarm FILE (or - for stdin) with spec.scenarios, as in: agentscale test swarm.yaml\n"},
		{name: "tune", args: []string{"tune"}, code: 2, stderr: "~agentscale: tune needs a swarm FILE (or - for stdin) with spec.scenarios, as in: agentscale tune swarm.yaml --scenario"},
		{name: "tune two", args: []string{"tune", "a", "b"}, code: 2, stderr: "agentscale: tune takes one swarm FILE, got 2: \"a\" \"b\"\n"},
		{name: "explain", args: []string{"explain"}, code: 2, stderr: "agentscale: explain needs a RULE (agentscale lint --list-rules lists them), as in: agentscale explain missing-pdb\n"},
		{name: "explain two", args: []string{"explain", "a", "b"}, code: 2, stderr: "agentscale: explain takes one RULE, got 2: \"a\" \"b\"\n"},
		{name: "init two", args: []string{"init", "a", "b"}, code: 2, stderr: "agentscale: init takes at most one DIR, got 2: \"a\" \"b\"\n"},
		{name: "version", args: []string{"version", "x"}, code: 2, stderr: "agentscale: version takes no arguments, got \"x\"\n"},
		{name: "diff", args: []string{"diff"}, code: 2, stderr: "agentscale: diff needs a swarm FILE (or - for stdin), as in: agentscale diff swarm.yaml\n"},
		{name: "schema", args: []string{"schema", "x"}, code: 2, stderr: "agentscale: schema takes no arguments, got \"x\"\n"},
	} {
		t.Run(c.name, c.check)
	}
}

// -f/--filename is an argument by another name, for every command that
// reads files.
func TestFilenameFlag(t *testing.T) {
	ex := "../../examples/market-research.yaml"
	env := "../../examples/environments.yaml"
	same := func(t *testing.T, a, b []string) {
		t.Helper()
		x, y := cli(t, "", a...), cli(t, "", b...)
		if x.code != y.code || x.stdout != y.stdout || x.stderr != y.stderr {
			t.Errorf("%v and %v differ:\n%d %q %q\n%d %q %q", a, b, x.code, x.stdout, x.stderr, y.code, y.stdout, y.stderr)
		}
		if x.stdout == "" && x.stderr == "" {
			t.Errorf("%v printed nothing", a)
		}
	}
	same(t, []string{"render", "-f", ex}, []string{"render", ex})
	same(t, []string{"render", "--filename", ex, "-o", "json"}, []string{"render", "-o", "json", ex})
	same(t, []string{"validate", "-f", ex, "-f", env}, []string{"validate", ex, env})
	same(t, []string{"validate", "-f", ex, env}, []string{"validate", ex, env})
	same(t, []string{"lint", "-f", ex, "-o", "json"}, []string{"lint", "-o", "json", ex})
	same(t, []string{"test", "-f", ex, "--scenario", "steady-scouting"}, []string{"test", ex, "--scenario", "steady-scouting"})
	same(t, []string{"simulate", "-f", ex, "--load", "steady:5", "--duration", "10m"}, []string{"simulate", ex, "--load", "steady:5", "--duration", "10m"})
	same(t, []string{"tune", "-f", ex, "--scenario", "steady-scouting", "--suggest"}, []string{"tune", ex, "--scenario", "steady-scouting", "--suggest"})
}

func TestNamespaceFlag(t *testing.T) {
	ex := "../../examples/market-research.yaml"
	for _, c := range []cliCase{
		{name: "validate -n", args: []string{"validate", "-n", "agents", ex}, code: 0, stdout: ex + ": OK\n"},
		{name: "validate -n refuses what the server would", args: []string{"validate", "-n", "Bad_NS", ex}, code: 2, stderr: "~agentscale: namespace \"Bad_NS\": a lowercase RFC 1123 label"},
		{name: "render -n the same", args: []string{"render", "-n", "Bad_NS", ex}, code: 2, stderr: "~agentscale: namespace \"Bad_NS\": a lowercase RFC 1123 label"},
	} {
		t.Run(c.name, c.check)
	}
}

// -o json on the small commands parses, and carries what the text says.
func TestOutputJSON(t *testing.T) {
	decode := func(t *testing.T, args ...string) any {
		t.Helper()
		got := cli(t, "", args...)
		if got.code != 0 {
			t.Fatalf("%v: exit %d: %s", args, got.code, got.stderr)
		}
		var v any
		if err := json.Unmarshal([]byte(got.stdout), &v); err != nil {
			t.Fatalf("%v: not JSON: %v\n%s", args, err, got.stdout)
		}
		return v
	}
	rule := decode(t, "explain", "-o", "json", "missing-pdb").([]any)[0].(map[string]any)
	if rule["id"] != "missing-pdb" || rule["severity"] != "warning" || !strings.Contains(rule["why"].(string), "PodDisruptionBudget") || rule["fix"] == "" {
		t.Errorf("explain -o json: %v", rule)
	}
	all := decode(t, "lint", "--list-rules", "-o", "json").([]any)
	if len(all) < 30 {
		t.Errorf("lint --list-rules -o json: %d rules", len(all))
	}
	if got := cli(t, "", "lint", "--list-rules", "-o", "sarif"); got.code != 2 || !strings.Contains(got.stderr, "--list-rules prints text or json") {
		t.Errorf("lint --list-rules -o sarif: %d %q", got.code, got.stderr)
	}
	tmpl := decode(t, "init", "--list", "-o", "json").([]any)
	if first := tmpl[0].(map[string]any); first["name"] != "full" || first["description"] == "" {
		t.Errorf("init --list -o json: %v", first)
	}
	dir := t.TempDir()
	wrote := decode(t, "init", "-o", "json", dir).(map[string]any)
	if wrote["swarm"] != filepath.Join(dir, "swarm.yaml") || len(wrote["written"].([]any)) != 2 {
		t.Errorf("init -o json: %v", wrote)
	}
	if v := decode(t, "version", "-o", "json").(map[string]any); v["version"] == "" {
		t.Errorf("version -o json: %v", v)
	}
	schema := cli(t, "", "schema", "-o", "yaml")
	var y map[string]any
	if err := yaml.Unmarshal([]byte(schema.stdout), &y); err != nil || y["$schema"] == nil {
		t.Errorf("schema -o yaml: %v %v", err, schema.stderr)
	}
}

// lint's --format, from before -o/--output everywhere, still works: on the
// command line, in the config file and in the environment.
func TestFormatAlias(t *testing.T) {
	ex, _ := filepath.Abs("../../examples/market-research.yaml")
	want := cli(t, "", "lint", "-o", "json", ex)
	if !strings.HasPrefix(want.stdout, "{") {
		t.Fatalf("lint -o json: %q", want.stdout)
	}
	if got := cli(t, "", "lint", "--format", "json", ex); got.stdout != want.stdout {
		t.Errorf("--format json: %q", got.stdout)
	}
	dir := t.TempDir()
	t.Chdir(dir)
	os.WriteFile("old.yaml", []byte("lint: {format: json}\n"), 0o644)
	os.WriteFile("files.yaml", []byte("validate: {filename: [a.yaml]}\n"), 0o644)
	if got := cli(t, "", "--config", "old.yaml", "lint", ex); got.stdout != want.stdout {
		t.Errorf("lint.format in the config: %d %q %q", got.code, got.stdout, got.stderr)
	}
	cliCase{name: "filename in config", args: []string{"--config", "files.yaml", "validate", ex}, code: 1,
		stderr: "files.yaml:1:12: validate.filename: names input files; give them on the command line\n"}.check(t)
	t.Setenv("AGENTSCALE_LINT_FORMAT", "json")
	if got := cli(t, "", "lint", ex); got.stdout != want.stdout {
		t.Errorf("AGENTSCALE_LINT_FORMAT: %q", got.stdout)
	}
}

// A misspelt variable of the command is refused like a misspelt config
// key; those of other commands are left to them.
func TestUnknownEnvironmentVariable(t *testing.T) {
	ex := "../../examples/market-research.yaml"
	t.Setenv("AGENTSCALE_LINT_FAILON", "warning")
	cliCase{name: "misspelt", args: []string{"lint", ex}, code: 2,
		stderr: "agentscale: AGENTSCALE_LINT_FAILON: lint has no such flag (did you mean \"AGENTSCALE_LINT_FAIL_ON\"?)\n"}.check(t)
	cliCase{name: "another command's", args: []string{"validate", ex}, code: 0, stdout: "~OK"}.check(t)
	t.Setenv("AGENTSCALE_LINT_FAILON", "")
	cliCase{name: "empty counts as unset", args: []string{"lint", ex}, code: 0}.check(t)
	t.Setenv("AGENTSCALE_LINT_CONFIG", "x.yaml")
	cliCase{name: "a command-line-only flag", args: []string{"lint", ex}, code: 2,
		stderr: "agentscale: AGENTSCALE_LINT_CONFIG: --config is given on the command line only\n"}.check(t)
}

func TestCompletion(t *testing.T) {
	envs := "../../examples/environments.yaml"
	ex := "../../examples/market-research.yaml"
	for _, c := range []struct {
		name string
		args []string
		want []string // every one offered
		not  []string // none of these
	}{
		{"rule ids", []string{"explain", ""}, []string{"missing-pdb\t", "latest-tag\t"}, nil},
		{"no second rule", []string{"explain", "missing-pdb", ""}, nil, []string{"latest-tag"}},
		{"environments of the file", []string{"validate", envs, "--env", ""}, []string{"staging\n", "prod\n"}, nil},
		{"environments of -f", []string{"render", "-f", envs, "--env", ""}, []string{"staging\n", "prod\n"}, nil},
		{"roles", []string{"simulate", ex, "--role", ""}, []string{"scout\n", "responder\n"}, nil},
		{"scenarios", []string{"test", ex, "--scenario", ""}, []string{"launch-spike\n"}, nil},
		{"tune scenarios", []string{"tune", ex, "--scenario", ""}, []string{"launch-spike\n"}, nil},
		{"output values", []string{"lint", "-o", ""}, []string{"sarif\n", "github\n"}, nil},
		{"explain output values", []string{"explain", "-o", ""}, []string{"json\n"}, nil},
		{"objectives", []string{"tune", ex, "--objective", ""}, []string{"cost\n", "node-hours\n"}, nil},
		{"files", []string{"validate", ""}, []string{"yaml\n", ":8\n"}, nil}, // FilterFileExt
		{"a broken file offers nothing", []string{"validate", "nope.yaml", "--env", ""}, []string{":4\n"}, []string{"prod"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := cli(t, "", append([]string{"__complete"}, c.args...)...)
			for _, w := range c.want {
				if !strings.Contains(got.stdout, w) {
					t.Errorf("%q lacks %q", got.stdout, w)
				}
			}
			for _, n := range c.not {
				if strings.Contains(got.stdout, n) {
					t.Errorf("%q offers %q", got.stdout, n)
				}
			}
		})
	}
}

// diff's exit codes before any cluster is reached: 2 for everything that
// stops it (1 means "would change").
func TestDiffWithoutCluster(t *testing.T) {
	ex, _ := filepath.Abs("../../examples/market-research.yaml")
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\nmetadata: {name: x}\nspec: {roles: [{name: a, image: \"a:1\", replicas: {min: 3, max: 1}}]}\n"), 0o644)
	t.Setenv("KUBECONFIG", "")
	t.Setenv("HOME", dir)
	for _, c := range []cliCase{
		{name: "a timeout of zero or less", args: []string{"diff", ex, "--timeout", "-1s"}, code: 2, stderr: "agentscale: --timeout -1s: must be longer than zero\n"},
		{name: "no kubeconfig", args: []string{"diff", ex}, code: 2, stderr: "agentscale: no kubeconfig: pass --kubeconfig, set KUBECONFIG, or create ~/.kube/config\n"},
		{name: "missing kubeconfig file", args: []string{"diff", ex, "--kubeconfig", filepath.Join(dir, "nope")}, code: 2, stderr: "~agentscale: kubeconfig: "},
		{name: "an invalid swarm is 2, not 1", args: []string{"diff", bad}, code: 2, stderr: "~bad.yaml:4:"},
		{name: "a bad namespace", args: []string{"diff", "-n", "Bad_NS", ex}, code: 2, stderr: "~namespace \"Bad_NS\""},
	} {
		t.Run(c.name, c.check)
	}
	t.Chdir(dir)
	os.WriteFile(".agentscale.yaml", []byte("diff: {context: prod}\n"), 0o644)
	cliCase{name: "the cluster is not the config file's to choose, and a config problem is exit 2 for diff", args: []string{"diff", ex}, code: 2,
		stderr: ".agentscale.yaml:1:8: diff.context: decides what diff compares with the cluster, and so what a CI gate sees; give it on the command line (or KUBECONFIG), not in a file a pull request can change\n"}.check(t)
	os.WriteFile(".agentscale.yaml", []byte("diff: {prune: false}\n"), 0o644)
	if got := cli(t, "", "diff", ex); got.code != 2 || !strings.Contains(got.stderr, "diff.prune: decides what diff compares") {
		t.Errorf("diff.prune from the config: %d %s", got.code, got.stderr)
	}
	os.WriteFile(".agentscale.yaml", []byte("diff: {output: yamlx}\n"), 0o644)
	if got := cli(t, "", "diff", ex); got.code != 2 {
		t.Errorf("a bad diff.output in the config: exit %d, want 2", got.code)
	}
	for _, c := range []struct{ flag, want string }{{"secret/x", "x"}, {"secrets/x", "x"}, {"x", "x"}, {"", "s-applyset"}} {
		if got, err := applySetName(c.flag, "s"); err != nil || got != c.want {
			t.Errorf("--applyset %q: %q %v", c.flag, got, err)
		}
	}
	if _, err := applySetName("configmaps/x", "s"); err == nil {
		t.Error("--applyset configmaps/x: want a clear refusal")
	}
}

// A container KRM function runs without arguments; the switch is explicit.
func TestKRMFunctionArgs(t *testing.T) {
	t.Setenv("AGENTSCALE_KRM_FUNCTION", "")
	if got := krmFunctionArgs(nil); len(got) != 0 {
		t.Errorf("without the switch: %q", got)
	}
	t.Setenv("AGENTSCALE_KRM_FUNCTION", "true")
	if got := strings.Join(krmFunctionArgs(nil), " "); got != "render --krm" {
		t.Errorf("bare, with the switch: %q", got)
	}
	if got := strings.Join(krmFunctionArgs([]string{"version"}), " "); got != "version" {
		t.Errorf("arguments win over the switch: %q", got)
	}
}

// TestArrayValue: a repeatable flag keeps pflag's StringArray meaning and
// form, so pflag's own accessors read it, and shows no default in help.
func TestArrayValue(t *testing.T) {
	for _, c := range []struct {
		name string
		args []string
		want []string
	}{
		{"unset", nil, nil},
		{"one", []string{"--x", "a"}, []string{"a"}},
		{"commas stay in a value", []string{"--x", "a,b", "--x", `c"d`}, []string{"a,b", `c"d`}},
		{"empty", []string{"--x", ""}, []string{""}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			f := pflag.NewFlagSet("t", pflag.ContinueOnError)
			arrayVar(f, &got, "x", "", "usage")
			if err := f.Parse(c.args); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("value %q, want %q", got, c.want)
			}
			// pflag's own StringArray, given the same arguments, reads back
			// the same through GetStringArray.
			ref := pflag.NewFlagSet("ref", pflag.ContinueOnError)
			ref.StringArray("x", nil, "usage")
			if err := ref.Parse(c.args); err != nil {
				t.Fatal(err)
			}
			want, _ := ref.GetStringArray("x")
			if viaPflag, err := f.GetStringArray("x"); err != nil || !slices.Equal(viaPflag, want) {
				t.Errorf("GetStringArray = %q, %v; pflag's StringArray %q", viaPflag, err, want)
			}
			if u := f.FlagUsages(); strings.Contains(u, "default") {
				t.Errorf("help shows a default: %q", u)
			}
		})
	}
}
