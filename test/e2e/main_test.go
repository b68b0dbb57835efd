package e2e

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// tempPrefix names every temporary directory the suite creates, so that a
// later run can remove those left behind by a run that was killed.
const tempPrefix = "agentscale-e2e-"

// suite is what TestMain sets up for all tests.
type suite struct {
	repoRoot string
	e2eDir   string
	tmp      string // scratch directory for the whole run
	cluster  *cluster
	kubectl  string
	promtool string
	adapter  string // adaptercheck binary
	// etcd and apiserver start the shared cluster, and the control-plane
	// test's own.
	etcd, apiserver string
	// agentscale is the CLI built from the work tree; agentscaleErr says why
	// it could not be built. Tests that need it fail (never skip) with it.
	agentscale    string
	agentscaleErr error
}

var env suite

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	flag.Parse()
	// The per-swarm tests mostly wait on kubectl round trips, so more of
	// them than the 2 cores can run at once; -parallel still wins.
	parallelSet := false
	flag.Visit(func(f *flag.Flag) { parallelSet = parallelSet || f.Name == "test.parallel" })
	if !parallelSet {
		_ = flag.Set("test.parallel", "4")
	}
	logf := func(format string, args ...any) {
		fmt.Fprintf(os.Stderr, "e2e: "+format+"\n", args...)
	}
	// Ctrl-C reaches only the test binary's process group; the cluster runs
	// in its own groups, so stop it here before exiting. Tool builds die
	// with the test binary (Pdeathsig).
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	go func() {
		s := <-sigs
		logf("got %v, stopping the cluster", s)
		teardown()
		os.Exit(2)
	}()
	defer teardown()
	if err := setup(logf); err != nil {
		// Not a skip: a missing tool or a cluster that does not start is a
		// failure of the suite.
		fmt.Fprintf(os.Stderr, "e2e: FAIL: %v\n", err)
		return 1
	}
	return m.Run()
}

func setup(logf func(string, ...any)) error {
	wd, err := os.Getwd()
	if err != nil {
		return err
	}
	env.e2eDir = wd
	env.repoRoot = filepath.Dir(filepath.Dir(wd))
	if data, err := os.ReadFile(filepath.Join(env.repoRoot, "go.mod")); err != nil ||
		!strings.Contains(string(data), "module github.com/agentscale/agentscale\n") {
		return fmt.Errorf("%s is not the agentscale repository root (run the suite from test/e2e)", env.repoRoot)
	}
	removeStaleTempDirs(logf)
	if env.tmp, err = os.MkdirTemp("", tempPrefix); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(env.tmp, "owner.pid"), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		return err
	}
	// Everything temporary (t.TempDir, the cluster, Go's build directories)
	// then lives below env.tmp, which teardown and later runs remove.
	if err := os.Setenv("TMPDIR", env.tmp); err != nil {
		return err
	}

	start := time.Now()
	dirs := map[string]string{}
	for _, t := range []tool{kubernetesTool, etcdTool, promTool} {
		d, err := t.ensure(env.repoRoot, env.e2eDir, logf)
		if err != nil {
			return fmt.Errorf("required tool %s %s is missing: %w", t.name, t.version, err)
		}
		dirs[t.name] = d
	}
	env.kubectl = filepath.Join(dirs["kubernetes"], "kubectl")
	env.promtool = filepath.Join(dirs["promtool"], "promtool")
	env.adapter = filepath.Join(dirs["promtool"], "adaptercheck")
	env.etcd = filepath.Join(dirs["etcd"], "etcd")
	env.apiserver = filepath.Join(dirs["kubernetes"], "kube-apiserver")
	logf("tools ready in %s", time.Since(start).Round(time.Millisecond))

	// The CLI is built while nothing else runs; a failure is kept for the
	// tests that need it, so that the cluster tests still run and report.
	env.agentscale = filepath.Join(env.tmp, "agentscale")
	cmd := exec.Command("go", "build", "-o", env.agentscale, "./cmd/agentscale")
	cmd.Dir = env.repoRoot
	if out, err := cmd.CombinedOutput(); err != nil {
		env.agentscaleErr = fmt.Errorf("go build ./cmd/agentscale failed: %v\n%s", err, out)
		logf("%v", env.agentscaleErr)
	}

	start = time.Now()
	env.cluster, err = startCluster(env.etcd, env.apiserver, false)
	if err != nil {
		return fmt.Errorf("starting etcd and kube-apiserver: %w", err)
	}
	logf("cluster ready at %s in %s", env.cluster.server, time.Since(start).Round(time.Millisecond))

	start = time.Now()
	if err := installCRDs(kubectl, logf); err != nil {
		return fmt.Errorf("installing CRDs: %w\n%s", err, env.cluster.logs())
	}
	logf("CRDs established in %s", time.Since(start).Round(time.Millisecond))
	return nil
}

func teardown() {
	if env.cluster != nil {
		env.cluster.stop()
	}
	if env.tmp != "" {
		_ = os.RemoveAll(env.tmp)
	}
}

// removeStaleTempDirs removes directories of earlier runs whose test binary
// no longer runs (e.g. killed by go test -timeout, which skips all cleanup).
func removeStaleTempDirs(logf func(string, ...any)) {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), tempPrefix+"*"))
	for _, d := range dirs {
		data, err := os.ReadFile(filepath.Join(d, "owner.pid"))
		if err != nil {
			continue
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
		if err != nil || pid == os.Getpid() {
			continue
		}
		if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
			logf("removing %s left by an earlier run", d)
			_ = os.RemoveAll(d)
		}
	}
}
