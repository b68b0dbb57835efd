package lint_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/agentscale/agentscale/internal/lint"
	"github.com/agentscale/agentscale/internal/lint/linttest"
	"github.com/agentscale/agentscale/internal/lint/rules"
	"github.com/agentscale/agentscale/internal/render"
	"github.com/agentscale/agentscale/internal/spec"
)

// patterns is a fixed set of rules, so that these engine tests do not
// change as rules are added.
var patterns = lint.MustRegistry(rules.MissingResourceRequests, rules.MissingPDB, rules.ConflictingAutoscalers)

func lines(fs []lint.Finding) []string {
	out := make([]string, 0, len(fs))
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s: %s %s: %s", f.Pos, f.Severity, f.Rule, f.Message))
	}
	return out
}

func check(t *testing.T, got []lint.Finding, want ...string) {
	t.Helper()
	if g := lines(got); strings.Join(g, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(g, "\n\t"), strings.Join(want, "\n\t"))
	}
}

const noRequests = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  template:
    spec:
      containers: [{name: app, image: app:1}]
`

func TestLevels(t *testing.T) {
	config := `lint:
  failOn: warning
  rules:
    missing-resource-requests: warning
    missing-pdb: off
    no-such-rule: error
    missing-pbd: warning
    conflicting-autoscalers: loud
    parse-error: off
`
	levels := lint.ReadLevels(".agentscale.yaml", []byte(config))
	fs := lint.Run([]lint.Source{{Name: "m.yaml", Data: []byte(noRequests)}},
		lint.Options{Rules: patterns, Levels: levels, Render: linttest.Render})
	check(t, fs,
		`.agentscale.yaml:6:5: error bad-config: unknown rule "no-such-rule"`,
		`.agentscale.yaml:7:5: error bad-config: unknown rule "missing-pbd" (did you mean "missing-pdb"?)`,
		`.agentscale.yaml:8:5: error bad-config: rule "conflicting-autoscalers": unknown level "loud" (want error, warning, info or off)`,
		`.agentscale.yaml:9:5: error bad-config: rule "parse-error" cannot be switched off`,
		`m.yaml:8:20: warning missing-resource-requests: container "app" requests no cpu and no memory`,
	)
	if got := lint.ReadLevels("c.yaml", []byte("lint: {format: json}\n")); got != nil {
		t.Errorf("no rules section: %v", got)
	}
	if got := lint.ReadLevels("c.yaml", []byte("[")); got != nil {
		t.Errorf("broken YAML: %v", got)
	}
}

func TestRunMixedInputs(t *testing.T) {
	swarm := `apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - {name: web, image: web:1.0, replicas: 1}
`
	invalid := "apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\nmetadata: {name: s}\nspec: {roles: []}\n"
	swarmAmongManifests := noRequests + "---\n" + swarm
	fs := lint.Run([]lint.Source{
		{Name: "a.yaml", Data: []byte(swarm)},
		{Name: "b.yaml", Data: []byte(invalid)},
		{Name: "c.yaml", Data: []byte(swarmAmongManifests)},
	}, lint.Options{Rules: patterns, Render: linttest.Render})
	check(t, fs,
		`a.yaml:6:7: error missing-resource-requests: container "web" requests no cpu and no memory`,
		`b.yaml:4:15: error invalid-swarm: roles: must have at least 1 item(s)`,
		`c.yaml:1:1: warning missing-pdb: Deployment web runs up to 3 replicas and no PodDisruptionBudget selects its pods`,
		`c.yaml:8:20: error missing-resource-requests: container "app" requests no cpu and no memory`,
		`c.yaml:10:1: error parse-error: a Swarm must be alone in its file; move the other documents out`,
	)
}

func TestRenderFailure(t *testing.T) {
	swarm := "apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\nmetadata: {name: s}\nspec:\n  roles:\n    - {name: web, image: web:1.0, replicas: 1}\n"
	fail := func(*spec.Swarm) ([]render.Object, error) { return nil, fmt.Errorf("boom") }
	fs := lint.Run([]lint.Source{{Name: "s.yaml", Data: []byte(swarm)}}, lint.Options{Rules: patterns, Render: fail})
	check(t, fs, `s.yaml:4:1: error invalid-swarm: cannot render: boom`)
}

func TestRulePanicIsAFinding(t *testing.T) {
	boom := &lint.Rule{ID: "boom", Severity: lint.Warning, Why: "W.", Fix: "F.", Check: func(c *lint.Context) {
		var m map[string]int
		m["x"]++
	}}
	fs := lint.Run([]lint.Source{{Name: "m.yaml", Data: []byte(noRequests)}}, lint.Options{Rules: lint.MustRegistry(boom)})
	if len(fs) != 1 || fs[0].Rule != "boom" || fs[0].Severity != lint.Error || !strings.Contains(fs[0].Message, "internal error in rule boom") {
		t.Errorf("got %v", lines(fs))
	}
}

func TestRegistry(t *testing.T) {
	ok := func(id string) *lint.Rule { return &lint.Rule{ID: id, Severity: lint.Info, Why: "W.", Fix: "F."} }
	for name, rs := range map[string][]*lint.Rule{
		"not kebab":   {ok("Missing_PDB")},
		"duplicate":   {ok("a"), ok("a")},
		"engine id":   {ok("parse-error")},
		"no why":      {{ID: "a", Severity: lint.Info, Fix: "F."}},
		"no severity": {{ID: "a", Why: "W.", Fix: "F."}},
	} {
		if _, err := lint.NewRegistry(rs...); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	reg := lint.MustRegistry(ok("b"), ok("a"))
	var ids []string
	for _, r := range reg.Rules() {
		ids = append(ids, r.ID)
	}
	if got := strings.Join(ids, " "); got != "a b bad-config bad-suppression invalid-swarm parse-error" {
		t.Errorf("rules %s", got)
	}
}

func TestFailLevels(t *testing.T) {
	fs := []lint.Finding{{Severity: lint.Warning}, {Severity: lint.Info}}
	for level, want := range map[string]bool{"error": false, "warning": true, "info": true, "never": false} {
		l, err := lint.ParseFailLevel(level)
		if err != nil {
			t.Fatal(err)
		}
		if got := lint.Failed(fs, l); got != want {
			t.Errorf("fail on %s: %v", level, got)
		}
	}
	for _, bad := range []string{"off", "", "ERROR"} {
		if _, err := lint.ParseFailLevel(bad); err == nil {
			t.Errorf("ParseFailLevel(%q) accepted", bad)
		}
	}
}

func TestRead(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "lint", "dir")
	srcs, unread, err := lint.Read([]string{dir, "-"}, strings.NewReader("x: 1\n"))
	if err != nil || len(unread) > 0 {
		t.Fatal(err, unread)
	}
	var names []string
	for _, s := range srcs {
		names = append(names, filepath.ToSlash(strings.TrimPrefix(s.Name, dir)))
	}
	if got := strings.Join(names, " "); got != "/deployment.yaml /nested/pdb.yml /values.yaml <stdin>" {
		t.Errorf("read %s", got)
	}
	// A missing path is reported, and the paths after it are still read.
	srcs, unread, err = lint.Read([]string{"no/such/file.yaml", dir + "/deployment.yaml"}, nil)
	if err != nil || len(srcs) != 1 || fmt.Sprint(unread) != "[cannot read no/such/file.yaml: no such file or directory]" {
		t.Errorf("missing file: %v, %d read, unread %v", err, len(srcs), unread)
	}
	if _, _, err := lint.Read([]string{"-", "-"}, strings.NewReader("")); err == nil {
		t.Error("stdin named twice: accepted")
	}
}

// TestExamplesLintClean: every example swarm lints without a finding, and
// so does its rendered output linted as plain manifests (the annotations
// carry the intent), at every severity.
func TestExamplesLintClean(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "examples", "*.yaml"))
	if len(files) == 0 {
		t.Fatal("no examples")
	}
	opts := lint.Options{Rules: rules.Registry(), Render: linttest.Render}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		check(t, lint.Run([]lint.Source{{Name: f, Data: data}}, opts))
		sw, errs := spec.Parse(f, data, spec.Options{})
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		objs, err := linttest.Render(sw)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := render.EncodeYAML(&buf, objs); err != nil {
			t.Fatal(err)
		}
		check(t, lint.Run([]lint.Source{{Name: f + ".rendered", Data: buf.Bytes()}}, opts))
	}
}

// A swarm file's problems are reported once, by the swarm loader, even when
// the manifest parser also trips over them.
func TestSwarmFileErrorsOnce(t *testing.T) {
	in := "apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\nmetadata: {name: s}\nspec: {roles: [{name: a, image: a:1}]}\n---\nkind: [\n"
	fs := lint.Run([]lint.Source{{Name: "s.yaml", Data: []byte(in)}}, lint.Options{Rules: patterns, Render: linttest.Render})
	if len(fs) != 1 || fs[0].Rule != "invalid-swarm" {
		t.Errorf("got %q", lines(fs))
	}
}

// lint --env judges what render --env writes: the environment's kustomize
// fields (a patch deleting the PDB, an image rewrite) are applied.
func TestEnvKustomize(t *testing.T) {
	path := filepath.Join("testdata", "env-kustomize.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	src := []lint.Source{{Name: "env.yaml", Data: data}}
	check(t, lint.Run(src, lint.Options{Rules: lint.MustRegistry(rules.MissingPDB, rules.LatestTag)}))
	check(t, lint.Run(src, lint.Options{Rules: lint.MustRegistry(rules.MissingPDB, rules.LatestTag), Env: "dev"}),
		`env.yaml:13:7: warning missing-pdb: Deployment s-web runs up to 3 replicas and no PodDisruptionBudget selects its pods`,
		`env.yaml:13:19: warning latest-tag: container "web" uses the latest tag (web:latest)`)
}
