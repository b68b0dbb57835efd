package e2e

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Pinned versions. Changing one (or anything in the tool's module under
// tools/) changes the stamp of its cache directory and triggers a rebuild.
const (
	kubernetesVersion = "v1.37.2"
	etcdVersion       = "v3.7.3"
	prometheusVersion = "v0.316.0"
	kedaVersion       = "v2.21.0"
	// v0.95.x of the prometheus-operator root module (which carries the CRD
	// YAML) is not served by the Go module proxy (403; its version list is
	// refused too); v0.94.0, the newest served, is the closest to the v0.95.2
	// API types the CLI renders with. ServiceMonitor, PodMonitor and
	// PrometheusRule are monitoring.coreos.com/v1 in both.
	promOperatorVersion = "v0.94.0"
	// grafanaOperatorVersion is the grafana-operator whose GrafanaDashboard
	// CRD render writes against (internal/render/dashboard.go).
	grafanaOperatorVersion = "v5.18.0"
	// The linters the render docs promise a clean bill from (linters_test.go).
	kubeLinterVersion = "v0.8.3"
	kubeScoreVersion  = "v1.20.0"
	// The control-plane test's fake nodes and metrics API server
	// (controlplane_test.go).
	kwokVersion = "v0.8.0"
	// customMetricsVersion is sigs.k8s.io/custom-metrics-apiserver, which
	// tools/loadserver is built on.
	customMetricsVersion = "v1.37.0"
	// kubernetesBuildDate is the commit time of the release tag as reported
	// by the module proxy; a fixed value keeps builds reproducible.
	kubernetesBuildDate = "2026-10-27T12:01:04Z"
)

// tool is a set of binaries built from one of the modules under tools/.
type tool struct {
	name     string   // cache directory prefix, e.g. "kubernetes"
	version  string   // pinned version, part of the cache directory name
	module   string   // module directory relative to test/e2e
	packages []string // packages to build; each yields a binary named after its last element
	bins     []string // binary names expected in the cache directory
	ldflags  string   // extra -ldflags (added to -s -w)
}

func kubeVersionFlags() string {
	var b strings.Builder
	// kubectl version and the apiserver's /version parse these, so they must
	// look like a real release build.
	for _, pkg := range []string{"k8s.io/component-base/version", "k8s.io/client-go/pkg/version"} {
		for _, kv := range [][2]string{
			{"gitVersion", kubernetesVersion},
			{"gitMajor", "1"},
			{"gitMinor", "37"},
			// The proxy does not tell the commit; the tag is the best stand-in.
			{"gitCommit", kubernetesVersion},
			{"gitTreeState", "clean"},
			{"buildDate", kubernetesBuildDate},
		} {
			fmt.Fprintf(&b, " -X %s.%s=%s", pkg, kv[0], kv[1])
		}
	}
	return b.String()
}

var (
	kubernetesTool = tool{
		name: "kubernetes", version: kubernetesVersion, module: "tools/kubernetes",
		packages: []string{"k8s.io/kubernetes/cmd/kube-apiserver", "k8s.io/kubernetes/cmd/kubectl"},
		bins:     []string{"kube-apiserver", "kubectl"},
		ldflags:  kubeVersionFlags(),
	}
	// The controllers come from the same module as the apiserver but are
	// built by the control-plane test on first use, not by TestMain.
	kubeControllersTool = tool{
		name: "kube-controllers", version: kubernetesVersion, module: "tools/kubernetes",
		packages: []string{"k8s.io/kubernetes/cmd/kube-controller-manager", "k8s.io/kubernetes/cmd/kube-scheduler"},
		bins:     []string{"kube-controller-manager", "kube-scheduler"},
		ldflags:  kubeVersionFlags(),
	}
	kwokTool = tool{
		name: "kwok", version: kwokVersion, module: "tools/kwok",
		packages: []string{"sigs.k8s.io/kwok/cmd/kwok"}, bins: []string{"kwok"},
	}
	loadServerTool = tool{
		name: "loadserver", version: customMetricsVersion, module: "tools/loadserver",
		packages: []string{"."}, bins: []string{"loadserver"},
	}
	// KEDA's operator and its metrics API server (cmd/adapter).
	kedaTool = tool{
		name: "keda", version: kedaVersion, module: "tools/keda",
		packages: []string{"github.com/kedacore/keda/v2/cmd/operator", "github.com/kedacore/keda/v2/cmd/adapter"},
		bins:     []string{"operator", "adapter"},
		ldflags:  " -X github.com/kedacore/keda/v2/version.Version=" + kedaVersion,
	}
	etcdTool = tool{
		name: "etcd", version: etcdVersion, module: "tools/etcd",
		packages: []string{"."}, bins: []string{"etcd"},
	}
	promTool = tool{
		name: "promtool", version: prometheusVersion, module: "tools/promtool",
		packages: []string{"github.com/prometheus/prometheus/cmd/promtool", "./cmd/adaptercheck"},
		bins:     []string{"promtool", "adaptercheck"},
	}
	// kube-linter's module calls itself golang.stackrox.io/kube-linter; its
	// tool module replaces that path by the GitHub repository (see go.mod).
	kubeLinterTool = tool{
		name: "kube-linter", version: kubeLinterVersion, module: "tools/kube-linter",
		packages: []string{"golang.stackrox.io/kube-linter/cmd/kube-linter"},
		bins:     []string{"kube-linter"},
		ldflags:  " -X golang.stackrox.io/kube-linter/internal/version.version=" + kubeLinterVersion,
	}
	kubeScoreTool = tool{
		name: "kube-score", version: kubeScoreVersion, module: "tools/kube-score",
		packages: []string{"github.com/zegl/kube-score/cmd/kube-score"},
		bins:     []string{"kube-score"},
		ldflags:  " -X main.version=" + kubeScoreVersion,
	}
)

// stamp hashes everything that determines the tool's binaries: the module's
// files, the flags and the Go toolchain version.
func (t tool) stamp(e2eDir string) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n%s\n%s\n", t.version, strings.Join(t.packages, " "), t.ldflags, runtime.Version())
	root := filepath.Join(e2eDir, t.module)
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	sort.Strings(files)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		rel, _ := filepath.Rel(root, f)
		fmt.Fprintf(h, "%s %d\n", rel, len(data))
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// ensure returns the cache directory holding the tool's binaries, building
// them first unless a build with the same stamp is already there.
func (t tool) ensure(repoRoot, e2eDir string, logf func(string, ...any)) (string, error) {
	base := filepath.Join(repoRoot, ".cache", "e2e")
	// An override lets a cold build be measured without losing the cache.
	if d := os.Getenv("AGENTSCALE_E2E_CACHE"); d != "" {
		base = d
	}
	dir := filepath.Join(base, t.name+"-"+t.version)
	stamp, err := t.stamp(e2eDir)
	if err != nil {
		return "", fmt.Errorf("hashing %s: %w", t.module, err)
	}
	stampFile := filepath.Join(dir, ".stamp")
	if old, err := os.ReadFile(stampFile); err == nil && strings.TrimSpace(string(old)) == stamp && t.binsPresent(dir) {
		return dir, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	// Remove the stamp first so that an interrupted build is redone.
	_ = os.Remove(stampFile)
	logf("building %s %s into %s (first build takes several minutes)", t.name, t.version, dir)
	start := time.Now()
	args := []string{"build", "-trimpath", "-ldflags=-s -w" + t.ldflags, "-o", dir + string(os.PathSeparator)}
	args = append(args, t.packages...)
	cmd := exec.Command("go", args...)
	cmd.Dir = filepath.Join(e2eDir, t.module)
	// GOFLAGS=-mod=mod would let a stale go.sum slip through; the tool
	// modules are tidy and must build as committed.
	cmd.Env = append(os.Environ(), "GOFLAGS=-buildvcs=false")
	// A build of several minutes must not outlive an interrupted test run.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("building %s %s failed (go %s in %s): %v\n%s", t.name, t.version, strings.Join(args, " "), cmd.Dir, err, out)
	}
	if !t.binsPresent(dir) {
		return "", fmt.Errorf("building %s %s did not produce %v in %s", t.name, t.version, t.bins, dir)
	}
	logf("built %s %s in %s", t.name, t.version, time.Since(start).Round(time.Second))
	return dir, os.WriteFile(stampFile, []byte(stamp+"\n"), 0o644)
}

func (t tool) binsPresent(dir string) bool {
	for _, b := range t.bins {
		if fi, err := os.Stat(filepath.Join(dir, b)); err != nil || fi.Mode()&0o111 == 0 {
			return false
		}
	}
	return true
}

// onFirstUse builds a set of tools the first time a test needs them, not in
// TestMain: a failed build fails the tests that need them (never skips
// them) and not the whole suite.
type onFirstUse struct {
	tools []tool
	once  sync.Once
	dirs  map[string]string // tool name to its cache directory
	err   error
}

// require returns the tools' directories by name, building them if needed.
func (o *onFirstUse) require(t *testing.T) map[string]string {
	t.Helper()
	o.once.Do(func() {
		o.dirs = map[string]string{}
		for _, tl := range o.tools {
			d, err := tl.ensure(env.repoRoot, env.e2eDir, func(f string, a ...any) { t.Logf(f, a...) })
			if err != nil {
				o.err = fmt.Errorf("required tool %s %s is missing: %w", tl.name, tl.version, err)
				return
			}
			o.dirs[tl.name] = d
		}
	})
	if o.err != nil {
		t.Fatal(o.err)
	}
	return o.dirs
}
