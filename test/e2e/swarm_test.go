package e2e

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"sigs.k8s.io/yaml"
)

// swarmInput is one swarm file the suite renders and applies.
type swarmInput struct {
	name string // subtest name: path below the repo root, without extension
	path string // absolute path
	envs []string
	// What the swarm asks for, so that a check that found nothing to check
	// fails instead of passing vacuously.
	alerts, adapterRules bool
}

// swarmInputs finds every examples/*.yaml and every swarm file under
// testdata/golden (any .yaml whose first document is kind: Swarm).
func swarmInputs(t *testing.T) []swarmInput {
	t.Helper()
	var paths []string
	ex, _ := filepath.Glob(filepath.Join(env.repoRoot, "examples", "*.yaml"))
	paths = append(paths, ex...)
	golden := filepath.Join(env.repoRoot, "testdata", "golden")
	_ = filepath.WalkDir(golden, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
			paths = append(paths, p)
		}
		return nil
	})
	var ins []swarmInput
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Kind string `json:"kind"`
			Spec struct {
				Environments map[string]any `json:"environments"`
				Monitoring   struct {
					Alerts       bool `json:"alerts"`
					AdapterRules bool `json:"adapterRules"`
				} `json:"monitoring"`
			} `json:"spec"`
		}
		first, _, _ := strings.Cut(string(data), "\n---")
		if yaml.Unmarshal([]byte(first), &doc) != nil || doc.Kind != "Swarm" {
			continue
		}
		rel, _ := filepath.Rel(env.repoRoot, p)
		// Golden inputs that fail validation are the CLI's own negative
		// tests (e.g. render-cli/invalid.swarm.yaml); they have nothing to
		// apply. Examples must always be valid, so they are never dropped.
		if !strings.HasPrefix(rel, "examples"+string(filepath.Separator)) {
			if r := run(nil, nil, env.repoRoot, env.agentscale, "validate", p); r.err != nil {
				t.Logf("not applying %s: agentscale validate rejects it (a negative golden test)", rel)
				continue
			}
		}
		in := swarmInput{
			name: strings.TrimSuffix(strings.TrimSuffix(rel, ".yaml"), ".yml"),
			path: p, alerts: doc.Spec.Monitoring.Alerts, adapterRules: doc.Spec.Monitoring.AdapterRules,
		}
		for e := range doc.Spec.Environments {
			in.envs = append(in.envs, e)
		}
		sort.Strings(in.envs)
		ins = append(ins, in)
	}
	if len(ins) == 0 {
		t.Fatalf("found no swarm files in examples/ or testdata/golden/")
	}
	return ins
}

// requireCLI fails (never skips) a test when agentscale could not be built.
func requireCLI(t *testing.T) {
	t.Helper()
	if env.agentscaleErr != nil {
		t.Fatalf("agentscale is required: %v", env.agentscaleErr)
	}
}

var nsUnsafe = regexp.MustCompile(`[^a-z0-9-]+`)

// namespaceFor makes a unique, valid namespace name for one input and
// variant, so that every apply starts from an empty namespace.
func namespaceFor(in swarmInput, variant string) string {
	n := "e2e-" + strings.Trim(nsUnsafe.ReplaceAllString(strings.ToLower(in.name+"-"+variant), "-"), "-")
	if len(n) > 63 {
		sum := sha256.Sum256([]byte(n))
		n = strings.TrimRight(n[:54], "-") + "-" + hex.EncodeToString(sum[:])[:8]
	}
	return n
}

// render runs agentscale render and returns its stdout and parsed objects.
func render(t *testing.T, in swarmInput, ns string, args ...string) ([]byte, []object) {
	t.Helper()
	args = append([]string{"render", in.path, "--namespace", ns}, args...)
	r := run(nil, nil, env.repoRoot, env.agentscale, args...)
	if r.err != nil {
		t.Fatalf("render failed:\n%s", r)
	}
	objs, err := parseObjects([]byte(r.stdout))
	if err != nil {
		t.Fatalf("render output does not parse: %v\n%s", err, r.stdout)
	}
	if len(objs) == 0 && !slices.Contains(args, "--out-dir") {
		t.Fatalf("render printed no objects:\n%s", r)
	}
	return []byte(r.stdout), objs
}

// clusterScopedMu serialises the tests whose output has cluster-scoped
// objects (PriorityClass): two inputs may render the same name with
// different, immutable, values. Each such test deletes its cluster-scoped
// objects before releasing the lock, so the next one starts clean.
var clusterScopedMu sync.Mutex

func lockClusterScoped(t *testing.T, objs []object) {
	var names []string
	for _, o := range objs {
		if o.namespace() == "" {
			names = append(names, o.kubectlName())
		}
	}
	if len(names) == 0 {
		return
	}
	clusterScopedMu.Lock()
	t.Cleanup(func() {
		defer clusterScopedMu.Unlock()
		args := append([]string{"delete", "--ignore-not-found", "--wait=false"}, names...)
		if r := kubectl(nil, args...); r.err != nil {
			t.Errorf("deleting cluster-scoped objects:\n%s", r)
		}
	})
}

func TestSwarms(t *testing.T) {
	requireCLI(t)
	for _, in := range swarmInputs(t) {
		t.Run(in.name, func(t *testing.T) {
			t.Parallel()
			t.Run("apply", func(t *testing.T) { testClientSideApply(t, in) })
			t.Run("server-side", func(t *testing.T) { testServerSideApply(t, in) })
			t.Run("kustomize", func(t *testing.T) { testKustomize(t, in) })
			for _, e := range in.envs {
				t.Run("env-"+e, func(t *testing.T) { testEnvironment(t, in, e) })
			}
		})
	}
}

// testClientSideApply is the main path: render | kubectl apply -f -, twice,
// then checks what the server stored and lints it.
func testClientSideApply(t *testing.T, in swarmInput) {
	ns := namespaceFor(in, "apply")
	manifest, rendered := render(t, in, ns)
	ensureNamespace(t, rendered, ns)
	dir := t.TempDir()
	renderedFile := filepath.Join(dir, "rendered.yaml")
	if err := os.WriteFile(renderedFile, manifest, 0o644); err != nil {
		t.Fatal(err)
	}
	lockClusterScoped(t, rendered)
	live := applyTwice(t, rendered, manifest, []string{"-f", "-"}, []string{"-f", renderedFile})

	for _, o := range rendered {
		l := index(live).find(o.group(), o.kind(), o.name())
		if l == nil {
			t.Errorf("%s: not found on the server after apply", o.ref())
			continue
		}
		spec := map[string]any{}
		for k, v := range o {
			if k != "status" { // the server owns status
				spec[k] = v
			}
		}
		for _, d := range subsetDiff(o.ref(), spec, map[string]any(l)) {
			t.Errorf("stored object differs from rendered: %s", d)
		}
	}
	for _, p := range referenceProblems(live) {
		t.Errorf("reference check: %s", p)
	}

	n, probs := checkPrometheusRules(dir, rendered)
	for _, p := range probs {
		t.Error(p)
	}
	if in.alerts && n == 0 {
		t.Errorf("monitoring.alerts is on but no PrometheusRule was rendered")
	}

	testLintRoundTrip(t, dir, renderedFile)
}

// testLintRoundTrip lints the rendered manifests and the same objects as the
// server returns them (defaults, managedFields, status and all): the
// rendered ones must have no error, and both must have the same findings.
func testLintRoundTrip(t *testing.T, dir, renderedFile string) {
	want, failed, r, err := lintFindings(dir, renderedFile)
	if err != nil {
		t.Fatal(err)
	}
	if failed {
		t.Errorf("agentscale lint reports errors on rendered manifests:\n%s", r)
	}
	serverFile := filepath.Join(dir, "server.yaml")
	out := mustKubectl(t, nil, "get", "-f", renderedFile, "-o", "yaml")
	if err := os.WriteFile(serverFile, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	got, _, r2, err := lintFindings(dir, serverFile)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Errorf("lint findings differ between rendered and server objects\nrendered: %q\nserver:   %q\n%s", want, got, r2)
	}
}

func testServerSideApply(t *testing.T, in swarmInput) {
	ns := namespaceFor(in, "ssa")
	manifest, rendered := render(t, in, ns)
	ensureNamespace(t, rendered, ns)
	file := filepath.Join(t.TempDir(), "rendered.yaml")
	if err := os.WriteFile(file, manifest, 0o644); err != nil {
		t.Fatal(err)
	}
	lockClusterScoped(t, rendered)
	mustKubectl(t, manifest, "apply", "--server-side", "-f", "-")
	before := resourceVersions(t, []string{"-f", file})
	// Server-side apply prints "serverside-applied" either way; that the
	// second one is a no-op shows in the unchanged resourceVersions.
	mustKubectl(t, manifest, "apply", "--server-side", "-f", "-")
	compareVersions(t, before, resourceVersions(t, []string{"-f", file}))
}

func testKustomize(t *testing.T, in swarmInput) {
	ns := namespaceFor(in, "kustomize")
	_, rendered := render(t, in, ns)
	ensureNamespace(t, rendered, ns)
	dir := filepath.Join(t.TempDir(), "out")
	render(t, in, ns, "--out-dir", dir)
	if _, err := os.Stat(filepath.Join(dir, "kustomization.yaml")); err != nil {
		t.Fatalf("render --out-dir wrote no kustomization.yaml: %v", err)
	}
	// The Prometheus Adapter's rules sit beside the objects, for the
	// adapter's install: they load with the adapter's own config package.
	n, probs := checkAdapterConfigs(t.TempDir(), outDirAdapterConfigs(t, dir))
	for _, p := range probs {
		t.Error(p)
	}
	if in.adapterRules && n != 2 {
		t.Errorf("monitoring.adapterRules is on but render --out-dir wrote %d of the adapter's config and Helm values", n)
	}
	lockClusterScoped(t, rendered)
	live := applyTwice(t, rendered, nil, []string{"-k", dir}, []string{"-k", dir})
	if len(live) != len(rendered) {
		t.Errorf("kubectl apply -k created %d objects, render prints %d", len(live), len(rendered))
	}
}

func testEnvironment(t *testing.T, in swarmInput, envName string) {
	ns := namespaceFor(in, "env-"+envName)
	manifest, rendered := render(t, in, ns, "--env", envName)
	ensureNamespace(t, rendered, ns)
	file := filepath.Join(t.TempDir(), "rendered.yaml")
	if err := os.WriteFile(file, manifest, 0o644); err != nil {
		t.Fatal(err)
	}
	lockClusterScoped(t, rendered)
	live := applyTwice(t, rendered, manifest, []string{"-f", "-"}, []string{"-f", file})
	for _, p := range referenceProblems(live) {
		t.Errorf("reference check: %s", p)
	}
}

// applyTwice runs kubectl apply (client-side) with src, requires no
// warnings, reads the objects back, applies again and requires that nothing
// changed. It returns the objects as stored after the first apply.
func applyTwice(t *testing.T, rendered []object, stdin []byte, src, get []string) []object {
	t.Helper()
	mustKubectl(t, stdin, append([]string{"apply"}, src...)...)
	out := mustKubectl(t, nil, append([]string{"get", "-o", "json"}, get...)...)
	live, err := parseObjects([]byte(out))
	if err != nil {
		t.Fatalf("kubectl get output does not parse: %v", err)
	}
	before := versionsOf(live)
	second := mustKubectl(t, stdin, append([]string{"apply"}, src...)...)
	assertNoChange(t, second)
	compareVersions(t, before, resourceVersions(t, get))
	return live
}

// assertNoChange checks a second apply's output: every object "unchanged".
// The one exception is a PodDisruptionBudget reported "configured": its
// spec.selector has patchStrategy "replace", so kubectl always sends it even
// when nothing differs; compareVersions still proves nothing changed.
func assertNoChange(t *testing.T, out string) {
	t.Helper()
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if strings.HasSuffix(l, " unchanged") ||
			(strings.HasPrefix(l, "poddisruptionbudget.policy/") && strings.HasSuffix(l, " configured")) {
			continue
		}
		t.Errorf("second apply changed an object: %q", l)
	}
}

func resourceVersions(t *testing.T, get []string) map[string]string {
	t.Helper()
	out := mustKubectl(t, nil, append([]string{"get", "-o", "json"}, get...)...)
	objs, err := parseObjects([]byte(out))
	if err != nil {
		t.Fatalf("kubectl get output does not parse: %v", err)
	}
	return versionsOf(objs)
}

func versionsOf(objs []object) map[string]string {
	v := map[string]string{}
	for _, o := range objs {
		v[o.ref()] = o.str("metadata", "resourceVersion")
	}
	return v
}

func compareVersions(t *testing.T, before, after map[string]string) {
	t.Helper()
	for ref, v := range before {
		if after[ref] != v {
			t.Errorf("%s: re-applying the same manifests changed it (resourceVersion %s -> %s)", ref, v, after[ref])
		}
	}
}
