package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/agentscale/agentscale/internal/spec"
	"github.com/agentscale/agentscale/templates"
)

func TestInitCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "agents")
	swarm := filepath.Join(dir, "swarm.yaml")
	schema := filepath.Join(dir, "swarm.schema.json")
	cases := []cliCase{
		{name: "writes both files", args: []string{"init", "--template", "queue-worker", dir}, code: 0,
			stdout: "wrote " + swarm + "\nwrote " + schema + "\nnext: edit " + swarm + ", then run: agentscale validate " + swarm + "\n"},
		{name: "never overwrites", args: []string{"init", dir}, code: 2,
			stderr: "agentscale: init: " + swarm + " already exists (use --force to overwrite)\n"},
		{name: "force overwrites", args: []string{"init", "--force", "-t", "stateful", dir}, code: 0,
			stdout: "~wrote " + swarm},
		{name: "unknown template", args: []string{"init", "-t", "nope", dir}, code: 2,
			stderr: "agentscale: init: unknown template \"nope\" (defined: full, minimal, queue-worker, stateful)\n"},
		{name: "list", args: []string{"init", "--list"}, code: 0, stdout: "~queue-worker  Workers that scale"},
		{name: "template list", args: []string{"init", "--template", "list"}, code: 0, stdout: "~minimal       One stateless"},
		{name: "too many args", args: []string{"init", "a", "b"}, code: 2, stderr: "agentscale: init takes at most one DIR, got 2: \"a\" \"b\"\n"},
		{name: "invalid name", args: []string{"init", "--name", "Bad_Name", filepath.Join(dir, "x")}, code: 2,
			stderr: "~agentscale: init: --name \"Bad_Name\": \"Bad_Name\" is not a valid name"},
	}
	for _, c := range cases {
		t.Run(c.name, c.check)
	}
	// What init wrote validates, and its schema is the one validate uses.
	got := cli(t, "", "validate", swarm)
	if got.code != 0 {
		t.Errorf("written swarm.yaml does not validate: %s", got.stderr)
	}
	data, _ := os.ReadFile(swarm)
	if want, _ := templates.Get("stateful"); string(data) != string(templates.Rename(want, "agents")) {
		t.Errorf("--force did not write the stateful template, named after its directory")
	}
	if data, _ := os.ReadFile(schema); string(data) != string(spec.SchemaJSON) {
		t.Errorf("swarm.schema.json is not the embedded schema")
	}
	if !strings.HasPrefix(string(data), "# yaml-language-server: $schema=./swarm.schema.json") {
		t.Errorf("swarm.yaml lacks the modeline")
	}
}

func TestInitDefaultDir(t *testing.T) {
	t.Chdir(t.TempDir())
	cliCase{name: "cwd", args: []string{"init"}, code: 0, stdout: "~wrote swarm.yaml\nwrote swarm.schema.json\n"}.check(t)
	if _, err := os.Stat("swarm.yaml"); err != nil {
		t.Error(err)
	}
}

func TestInitName(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"init", filepath.Join(dir, "Market_Research")}, "market-research"},
		{[]string{"init", "--name", "support", filepath.Join(dir, "a")}, "support"},
		{[]string{"init", filepath.Join(dir, "9lives")}, "my-swarm"},
	}
	for _, c := range cases {
		if got := cli(t, "", c.args...); got.code != 0 {
			t.Fatalf("%v: exit %d: %s", c.args, got.code, got.stderr)
		}
		data, _ := os.ReadFile(filepath.Join(c.args[len(c.args)-1], "swarm.yaml"))
		if !strings.Contains(string(data), "\n  name: "+c.want+"\n") {
			t.Errorf("%v: swarm not named %q", c.args, c.want)
		}
	}
}

func TestVersionCommand(t *testing.T) {
	cliCase{name: "version", args: []string{"version"}, code: 0, stdout: "~agentscale dev ("}.check(t)
	version, commit, date = "v1.2.3", "0123456789abcdef0123", "2026-12-03T08:00:00Z"
	defer func() { version, commit, date = "", "", "" }()
	cliCase{name: "ldflags version", args: []string{"version"}, code: 0,
		stdout: "agentscale v1.2.3 (commit 0123456789ab, built 2026-12-03T08:00:00Z, " + runtime.Version() + ", " + runtime.GOOS + "/" + runtime.GOARCH + ")\n"}.check(t)
	cliCase{name: "--version", args: []string{"--version"}, code: 0,
		stdout: "agentscale v1.2.3 (commit 0123456789ab, built 2026-12-03T08:00:00Z, " + runtime.Version() + ", " + runtime.GOOS + "/" + runtime.GOARCH + ")\n"}.check(t)
	cliCase{name: "json", args: []string{"version", "-o", "json"}, code: 0,
		stdout: "{\n  \"version\": \"v1.2.3\",\n  \"commit\": \"0123456789abcdef0123\",\n  \"date\": \"2026-12-03T08:00:00Z\",\n  \"go\": \"" + runtime.Version() + "\",\n  \"platform\": \"" + runtime.GOOS + "/" + runtime.GOARCH + "\"\n}\n"}.check(t)
	cliCase{name: "bad output", args: []string{"version", "-o", "yaml"}, code: 2, stderr: "~want one of text, json"}.check(t)
}

func TestCompletionCommand(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		got := cli(t, "", "completion", shell)
		if got.code != 0 || !strings.Contains(got.stdout, "agentscale") || len(got.stdout) < 1000 {
			t.Errorf("completion %s: exit %d, %d bytes, stderr %s", shell, got.code, len(got.stdout), got.stderr)
		}
	}
	// Dynamic completion offers the templates.
	got := cli(t, "", "__complete", "init", "--template", "")
	if !strings.Contains(got.stdout, "queue-worker\t") {
		t.Errorf("template completion: %q", got.stdout)
	}
}

func TestConfig(t *testing.T) {
	abs, _ := filepath.Abs("testdata/envs.yaml")
	market, _ := filepath.Abs("../../examples/market-research.yaml")
	dir := t.TempDir()
	t.Chdir(dir)
	os.WriteFile(".agentscale.yaml", []byte("validate:\n  env: staging\n"), 0o644)
	os.WriteFile("other.yaml", []byte("validate:\n  env: prod\n"), 0o644)
	os.WriteFile("broken.yaml", []byte("validate: [\n"), 0o644)
	os.WriteFile("typos.yaml", []byte("lint: {failon: warning}\nrendr: {output: json}\nrender: {outDir: ../x}\nsimulate: {plot: ../victim.png}\n"), 0o644)
	os.WriteFile("badvalue.yaml", []byte("lint:\n  failOn: nonsense\n"), 0o644)
	// A list sets a repeatable flag item by item, as repeating it does.
	os.WriteFile("lists.yaml", []byte("test:\n  scenario: [launch-spike, steady-scouting]\n"), 0o644)
	unknownStaging := "~unknown environment \"staging\""
	cases := []struct {
		cliCase
		env string // AGENTSCALE_VALIDATE_ENV
	}{
		{cliCase: cliCase{name: ".agentscale.yaml gives the default", args: []string{"validate", abs}, code: 1, stderr: unknownStaging}},
		{cliCase: cliCase{name: "a flag wins over the file", args: []string{"validate", "--env", "prod", abs}, code: 0, stdout: abs + ": OK\n"}},
		{cliCase: cliCase{name: "--config names another file", args: []string{"--config", "other.yaml", "validate", abs}, code: 0, stdout: abs + ": OK\n"}},
		{cliCase: cliCase{name: "environment variable wins over the file", args: []string{"validate", abs}, code: 1, stderr: "~unknown environment \"qa\""}, env: "qa"},
		{cliCase: cliCase{name: "a flag wins over the environment", args: []string{"validate", "--env", "prod", abs}, code: 0, stdout: abs + ": OK\n"}, env: "qa"},
		{cliCase: cliCase{name: "missing --config", args: []string{"--config", "nope.yaml", "validate", abs}, code: 2, stderr: "~config: cannot read nope.yaml: no such file or directory"}},
		{cliCase: cliCase{name: "broken config", args: []string{"--config", "broken.yaml", "validate", abs}, code: 1, stderr: "~broken.yaml:1:1: invalid YAML: did not find expected node content"}},
		{cliCase: cliCase{name: "unknown keys and write destinations", args: []string{"--config", "typos.yaml", "validate", abs}, code: 1, stderr: "typos.yaml:1:8: lint.failon: unknown flag of lint (did you mean \"failOn\"?) (flags: color, env, failOn, listRules, output, rules)\n" +
			"typos.yaml:2:1: rendr: unknown command (did you mean \"render\"?): a config file sets flag defaults per command (completion, diff, explain, import, init, lint, render, schema, simulate, test, tune, validate, version)\n" +
			"typos.yaml:3:10: render.outDir: names where agentscale writes (or whether it overwrites); give it on the command line, not in a file a pull request can change\n" +
			"typos.yaml:4:12: simulate.plot: names where agentscale writes (or whether it overwrites); give it on the command line, not in a file a pull request can change\n"}},
		{cliCase: cliCase{name: "a list for a repeatable flag", args: []string{"--config", "lists.yaml", "test", market}, code: 0, stdout: "~ok: 2 scenarios, "}},
		{cliCase: cliCase{name: "a bad value at its line", args: []string{"--config", "badvalue.yaml", "lint", abs}, code: 1, stderr: "badvalue.yaml:2:3: lint.failOn: want one of error, warning, info, never\n"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.env != "" {
				t.Setenv("AGENTSCALE_VALIDATE_ENV", c.env)
			}
			c.check(t)
		})
	}
}

// A template is the first swarm a user sees: it must not teach what lint
// then warns about, nor what render's output makes kube-linter flag.
func TestInitTemplatesLintClean(t *testing.T) {
	for _, tmpl := range templates.List() {
		name := tmpl.Name
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if got := cli(t, "", "init", "--template", name, dir); got.code != 0 {
				t.Fatalf("init: %s", got.stderr)
			}
			got := cli(t, "", "lint", "--fail-on", "info", filepath.Join(dir, "swarm.yaml"))
			if got.code != 0 || got.stdout != "" {
				t.Errorf("lint of the %s template: exit %d\n%s%s", name, got.code, got.stdout, got.stderr)
			}
		})
	}
}
