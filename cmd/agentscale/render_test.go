package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/yaml"
)

// update rewrites golden files (make golden). Other command tests in this
// package share it.
var update = flag.Bool("update", false, "rewrite the golden files from the current output")

const (
	renderGolden = "../../testdata/golden/render-cli"
	example      = "../../examples/market-research.yaml"
	tiny         = renderGolden + "/tiny.swarm.yaml"
	invalid      = renderGolden + "/invalid.swarm.yaml"
)

// result is one in-process run of the command line.
type result struct {
	code        int
	stdout      string
	stderr      string
	args        []string
	description string
}

func runArgs(t testing.TB, stdin string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errOut)
	return result{code: code, stdout: out.String(), stderr: errOut.String(), args: args}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run make golden to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run make golden and review the diff):\n%s", path, got)
	}
}

func TestRenderGolden(t *testing.T) {
	krmInput, err := os.ReadFile(renderGolden + "/krm.input.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		golden string
		stdin  string
		args   []string
	}{
		{"market-research.prod.yaml", "", []string{"render", "--env", "prod", example}},
		{"tiny.json", "", []string{"render", "-o", "json", tiny}},
		{"tiny.staging.yaml", "", []string{"render", "--env", "staging", tiny}},
		{"tiny.namespace.yaml", "", []string{"render", "--env", "staging", "--namespace", "flag-wins", tiny}},
		{"tiny.stdin.yaml", mustRead(t, tiny), []string{"render", "-"}},
		{"krm.output.yaml", string(krmInput), []string{"render", "--krm"}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			r := runArgs(t, tt.stdin, tt.args...)
			if r.code != exitOK || r.stderr != "" {
				t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
			}
			golden(t, filepath.Join(renderGolden, tt.golden), []byte(r.stdout))
		})
	}
}

// TestRenderOutDirGolden records the file listing and kustomization.yaml
// that --out-dir writes.
func TestRenderOutDirGolden(t *testing.T) {
	for _, env := range []string{"", "prod"} {
		name := "market-research.out-dir.txt"
		args := []string{"render", "--out-dir", "OUT", example}
		if env != "" {
			name = "market-research." + env + ".out-dir.txt"
			args = []string{"render", "--env", env, "--out-dir", "OUT", example}
		}
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			args[len(args)-2] = dir
			r := runArgs(t, "", args...)
			if r.code != exitOK || r.stdout != "" || r.stderr != "" {
				t.Fatalf("exit %d, stdout %q, stderr:\n%s", r.code, r.stdout, r.stderr)
			}
			var b strings.Builder
			for _, f := range listDir(t, dir) {
				b.WriteString(f + "\n")
			}
			b.WriteString("--- kustomization.yaml\n")
			b.WriteString(mustRead(t, filepath.Join(dir, "kustomization.yaml")))
			golden(t, filepath.Join(renderGolden, name), []byte(b.String()))
		})
	}
}

// TestRenderOutDirMatchesPiped builds the --out-dir output with kustomize's
// own engine, as kubectl apply -k does, and requires exactly the objects
// render pipes to kubectl apply -f -.
func TestRenderOutDirMatchesPiped(t *testing.T) {
	cases := [][]string{
		{example},
		{"--env", "prod", example},
		{"--env", "staging", tiny},
		{"--namespace", "other", tiny},
	}
	for _, c := range cases {
		t.Run(strings.Join(c, " "), func(t *testing.T) {
			piped := runArgs(t, "", append([]string{"render"}, c...)...)
			if piped.code != exitOK {
				t.Fatalf("render: exit %d\n%s", piped.code, piped.stderr)
			}
			dir := filepath.Join(t.TempDir(), "out")
			flags := append([]string{"render", "--out-dir", dir}, c...)
			if r := runArgs(t, "", flags...); r.code != exitOK {
				t.Fatalf("render --out-dir: exit %d\n%s", r.code, r.stderr)
			}
			opts := krusty.MakeDefaultOptions()
			opts.Reorder = krusty.ReorderOptionLegacy // what kubectl apply -k uses
			m, err := krusty.MakeKustomizer(opts).Run(filesys.MakeFsOnDisk(), dir)
			if err != nil {
				t.Fatalf("kustomize build %s: %v", dir, err)
			}
			built, err := m.AsYaml()
			if err != nil {
				t.Fatal(err)
			}
			want, got := objectsByID(t, []byte(piped.stdout)), objectsByID(t, built)
			if len(want) == 0 {
				t.Fatal("no objects rendered")
			}
			for id := range want {
				if !reflect.DeepEqual(want[id], got[id]) {
					t.Errorf("%s differs:\npiped: %v\nbuilt: %v", id, want[id], got[id])
				}
			}
			for id := range got {
				if _, ok := want[id]; !ok {
					t.Errorf("kustomize built %s, which render does not pipe", id)
				}
			}
		})
	}
}

// objectsByID splits a YAML stream into objects keyed by kind/namespace/name.
func objectsByID(t *testing.T, stream []byte) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	// Cut after each document's last newline, as kubectl's reader does: a
	// literal block at the end of a document keeps its line break.
	for _, doc := range bytes.SplitAfter(stream, []byte("\n---\n")) {
		doc = bytes.TrimSuffix(doc, []byte("---\n"))
		var m map[string]any
		if err := yaml.Unmarshal(doc, &m); err != nil {
			t.Fatalf("%v in:\n%s", err, doc)
		}
		if m == nil {
			continue
		}
		meta, _ := m["metadata"].(map[string]any)
		id := m["kind"].(string) + "/" + str(meta["namespace"]) + "/" + str(meta["name"])
		if _, dup := out[id]; dup {
			t.Fatalf("%s twice", id)
		}
		out[id] = m
	}
	return out
}

func str(v any) string { s, _ := v.(string); return s }

func TestRenderErrors(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		stdin  string
		code   int
		stderr string // substring
	}{
		{"invalid swarm", []string{"render", invalid}, "", exitProblem,
			"invalid.swarm.yaml:4:9: metadata.name: \"Tiny\" is not a valid name"},
		{"invalid swarm on stdin", []string{"render", "-"}, mustRead(t, invalid), exitProblem, "<stdin>:8:17: roles[0].replicas: must be >= 0"},
		{"unknown environment", []string{"render", "--env", "nope", tiny}, "", exitProblem, `unknown environment "nope" (defined: staging)`},
		{"unreadable file", []string{"render", "no/such/swarm.yaml"}, "", exitUsage, "cannot read no/such/swarm.yaml"},
		{"directory", []string{"render", renderGolden}, "", exitProblem, "is a directory"},
		{"bad output format", []string{"render", "-o", "xml", tiny}, "", exitUsage, `invalid argument "xml" for "-o, --output" flag: want one of yaml, json`},
		{"no file", []string{"render"}, "", exitUsage, "render needs a swarm FILE (or - for stdin), as in: agentscale render swarm.yaml"},
		{"two files", []string{"render", tiny, tiny}, "", exitUsage, "got 2"},
		{"unknown flag", []string{"render", "--bogus", tiny}, "", exitUsage, "unknown flag"},
		{"json into out-dir", []string{"render", "-o", "json", "--out-dir", "x", tiny}, "", exitUsage, "--out-dir writes YAML files"},
		{"krm with a file", []string{"render", "--krm", tiny}, "", exitUsage, "give no FILE"},
		{"krm with out-dir", []string{"render", "--krm", "--out-dir", "x"}, "", exitUsage, "cannot be combined with --out-dir"},
		{"krm reads no ResourceList", []string{"render", "--krm"}, mustRead(t, tiny), exitProblem, "reads one ResourceList"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runArgs(t, tt.stdin, tt.args...)
			if r.code != tt.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", r.code, tt.code, r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("stdout not empty:\n%s", r.stdout)
			}
			if !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("stderr does not contain %q:\n%s", tt.stderr, r.stderr)
			}
		})
	}
}

// TestRenderKRMInvalid: an invalid Swarm in a ResourceList yields the list
// with error results on stdout, the errors on stderr, and exit 1.
func TestRenderKRMInvalid(t *testing.T) {
	in := strings.Replace(mustRead(t, renderGolden+"/krm.input.yaml"), "replicas: 2", "replicas: -2", 1)
	r := runArgs(t, in, "render", "--krm")
	if r.code != exitProblem {
		t.Fatalf("exit %d, want 1; stderr:\n%s", r.code, r.stderr)
	}
	wantErr := "functionConfig:13:15: roles[0].replicas: must be >= 0\n"
	if r.stderr != wantErr {
		t.Errorf("stderr = %q, want %q", r.stderr, wantErr)
	}
	for _, want := range []string{"kind: ResourceList", "severity: error", "path: spec.roles[0].replicas", "message: 'functionConfig:13:15:"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
}

// A failed render leaves --out-dir exactly as it was.
func TestRenderOutDirUntouchedOnFailure(t *testing.T) {
	tests := []struct {
		name string
		args func(dir string) []string
		code int
	}{
		{"invalid swarm", func(dir string) []string { return []string{"render", "--out-dir", dir, invalid} }, exitProblem},
		{"kustomize error", func(dir string) []string {
			return []string{"render", "--env", "bad", "--out-dir", dir, writeBadEnv(t)}
		}, exitProblem},
		{"foreign file in DIR", func(dir string) []string {
			if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644); err != nil {
				t.Fatal(err)
			}
			return []string{"render", "--out-dir", dir, tiny}
		}, exitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			if r := runArgs(t, "", "render", "--out-dir", dir, example); r.code != exitOK {
				t.Fatalf("first render: exit %d\n%s", r.code, r.stderr)
			}
			args := tt.args(dir)
			before := snapshot(t, dir)
			r := runArgs(t, "", args...)
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d\n%s", r.code, tt.code, r.stderr)
			}
			if after := snapshot(t, dir); !reflect.DeepEqual(after, before) {
				t.Errorf("DIR changed by a failed render")
			}
			if got := listDir(t, filepath.Dir(dir)); !reflect.DeepEqual(got, []string{"out"}) {
				t.Errorf("left behind beside DIR: %q", got)
			}
		})
	}
}

// A second --out-dir render replaces the first one's files, stale ones too.
func TestRenderOutDirReplacesPrevious(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	for _, args := range [][]string{
		{"render", "--out-dir", dir, example},
		{"render", "--out-dir", dir, tiny},
	} {
		if r := runArgs(t, "", args...); r.code != exitOK {
			t.Fatalf("%v: exit %d\n%s", args, r.code, r.stderr)
		}
	}
	want := []string{".agentscale.sha256", "deployment-tiny-planner.yaml", "kustomization.yaml", "poddisruptionbudget-tiny-planner.yaml", "serviceaccount-tiny-planner.yaml"}
	if got := listDir(t, dir); !reflect.DeepEqual(got, want) {
		t.Errorf("files %q, want %q", got, want)
	}
}

// Flags take their defaults from the config file: render.output.
func TestRenderConfig(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "agentscale.yaml")
	if err := os.WriteFile(cfg, []byte("render:\n  output: json\n  namespace: from-config\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runArgs(t, "", "render", "--config", cfg, tiny)
	if r.code != exitOK || !strings.HasPrefix(r.stdout, "{") || !strings.Contains(r.stdout, `"namespace": "from-config"`) {
		t.Errorf("exit %d, stdout:\n%.300s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	r = runArgs(t, "", "render", "--config", cfg, "-n", "flag", tiny)
	if !strings.Contains(r.stdout, `"namespace": "flag"`) {
		t.Errorf("the flag must win over the config file:\n%.300s", r.stdout)
	}
	// A config default of json does not stop --out-dir (which writes YAML).
	dir := filepath.Join(t.TempDir(), "out")
	if r := runArgs(t, "", "render", "--config", cfg, "--out-dir", dir, tiny); r.code != exitOK {
		t.Errorf("--out-dir with render.output=json in the config: exit %d\n%s", r.code, r.stderr)
	}
}

func writeBadEnv(t *testing.T) string {
	t.Helper()
	data := mustRead(t, tiny) + "    bad:\n      kustomize:\n        patches:\n          - patch: \"- op: remove\\n  path: /no/such\\n\"\n            target: {kind: Deployment}\n"
	path := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func mustRead(t testing.TB, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, name := range listDir(t, dir) {
		out[name] = mustRead(t, filepath.Join(dir, name))
	}
	return out
}
