package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The hostile-input suite runs the real binary, as a pre-commit hook or a
// CI job would, over the files of testdata/hostile and over inputs built
// here (large, binary and special files). Every run must end within 2 s
// and 200 MB of peak RSS, with the exit code the contract promises, a
// positioned message, and no crash output.

const (
	hostileWall = 2 * time.Second
	hostileRSS  = 200 << 20
)

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// binary builds agentscale once per test run, as make build does.
func binary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "agentscale-hostile-")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "agentscale")
		cmd := exec.Command("go", "build", "-trimpath", "-o", binPath, ".")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// hostileRun is one run of the binary and what it cost.
type hostileRun struct {
	code           int
	stdout, stderr string
	wall           time.Duration
	rss            int64 // bytes
}

// runBinary runs the binary in dir with stdin from the file stdinPath
// ("" for none), killing it after 10 s.
func runBinary(t *testing.T, dir, stdinPath string, args ...string) hostileRun {
	t.Helper()
	bin := binary(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	// The child's own peak RSS comes from GNU time, not from our wait:
	// a child forked from this (large) test process starts its rusage at
	// our RSS (os/exec shares our memory until exec), so the figure would
	// be the test's, not the binary's.
	rssFile := filepath.Join(t.TempDir(), "rss")
	timeBin, timeErr := exec.LookPath("/usr/bin/time")
	name, argv := bin, args
	if timeErr == nil {
		name, argv = timeBin, append([]string{"-f", "%M", "-o", rssFile, "--", bin}, args...)
	}
	cmd := exec.CommandContext(ctx, name, argv...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &limited{w: &out}, &limited{w: &errOut}
	if stdinPath != "" {
		f, err := os.Open(stdinPath)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		cmd.Stdin = f
	}
	start := time.Now()
	err := cmd.Run()
	r := hostileRun{stdout: out.String(), stderr: errOut.String(), wall: time.Since(start), code: cmd.ProcessState.ExitCode()}
	if ctx.Err() != nil {
		t.Fatalf("%v: killed after 10 s (reads forever or blocks)", args)
	}
	if err != nil && r.code < 0 {
		t.Fatalf("%v: %v", args, err)
	}
	if timeErr == nil {
		data, err := os.ReadFile(rssFile)
		if err != nil {
			t.Fatalf("%v: no RSS from time: %v", args, err)
		}
		// The last line is the figure; "Command exited with non-zero
		// status" may come before it.
		lines := strings.Split(strings.TrimSpace(string(data)), "\n")
		kb, err := strconv.ParseInt(strings.TrimSpace(lines[len(lines)-1]), 10, 64)
		if err != nil {
			t.Fatalf("%v: RSS from time: %q", args, data)
		}
		r.rss = kb * 1024
	} else if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.rss = int64(ru.Maxrss) * 1024 // kilobytes on Linux
	}
	return r
}

// limited keeps the first 1 MiB a command writes: enough to judge, and a
// runaway output cannot exhaust the test's memory.
type limited struct{ w *bytes.Buffer }

func (l *limited) Write(p []byte) (int, error) {
	if room := 1<<20 - l.w.Len(); room > 0 {
		l.w.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

// checkBounds asserts what holds for every hostile run.
func (r hostileRun) checkBounds(t *testing.T, what string) {
	t.Helper()
	if r.wall > hostileWall {
		t.Errorf("%s took %v; bad input must be refused within %v", what, r.wall, hostileWall)
	}
	if r.rss > hostileRSS {
		t.Errorf("%s peaked at %d MB RSS; bad input must be refused within %d MB", what, r.rss>>20, hostileRSS>>20)
	}
	for _, crash := range []string{"panic:", "fatal error:", "goroutine ", "runtime error", "stack overflow"} {
		if strings.Contains(r.stderr, crash) || strings.Contains(r.stdout, crash) {
			t.Errorf("%s crashed (%q):\n%.2000s", what, crash, r.stderr)
		}
	}
}

// TestHostileCorpus runs every file of testdata/hostile through every
// command that reads a file: each must refuse it (exit 1) with a message
// at a position of that file.
func TestHostileCorpus(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("peak RSS is read from Linux's rusage")
	}
	files, err := filepath.Glob("../../testdata/hostile/*.*")
	if err != nil {
		t.Fatal(err)
	}
	// Files that are fine for a command (exit 0) say so here: a
	// ResourceList is no object kubectl applies, so lint has nothing to say.
	fine := map[string]bool{
		"lint krm-garbage-items.yaml":         true,
		"lint keyword-stuffed-configmap.yaml": true, // every gitleaks keyword, no secret: bounded work, no finding
		// A valid Deployment (its plaintext password is lint's business):
		// simulate models manifests.
		"simulate concatenated.json":       true,
		"simulate nested-list-secret.yaml": true,
		"lint replicas-beyond-int.yaml":    true, // warnings only: lint judges, simulate must refuse
	}
	dir := t.TempDir()
	for _, f := range files {
		name := filepath.Base(f)
		if name == "README.md" {
			continue
		}
		abs, _ := filepath.Abs(f)
		for _, c := range []struct {
			cmd   string
			args  []string
			stdin string
		}{
			{"validate", []string{"validate", abs}, ""},
			{"render", []string{"render", abs}, ""},
			{"lint", []string{"lint", abs}, ""},
			{"simulate", []string{"simulate", abs, "--load", "steady:1", "--duration", "1m"}, ""},
			{"render --krm", []string{"render", "--krm"}, abs},
		} {
			t.Run(c.cmd+"/"+name, func(t *testing.T) {
				r := runBinary(t, dir, c.stdin, c.args...)
				r.checkBounds(t, c.cmd+" "+name)
				want := 1
				if fine[c.cmd+" "+name] {
					want = 0
				}
				if r.code != want {
					t.Errorf("exit %d, want %d\nstderr: %.1000s", r.code, want, r.stderr)
				}
				if want == 1 && !positioned(r.stdout+r.stderr) {
					t.Errorf("no file:line:col message:\nstdout: %.500s\nstderr: %.500s", r.stdout, r.stderr)
				}
			})
		}
	}
}

// positioned reports whether out holds a "file:line:col: " message (KRM
// results carry it inside their message).
func positioned(out string) bool { return positionRE.MatchString(out) }

var positionRE = regexp.MustCompile(`(?m)(^|[\s"])[^\s:"]+:[1-9][0-9]*:[1-9][0-9]*: `)

// hostileCase is one generated input: setup writes files into dir and
// returns the arguments (and the stdin file, if any) to run.
type hostileCase struct {
	name   string
	setup  func(t *testing.T, dir string) (args []string, stdin string)
	code   int
	stderr string // a substring the error output must hold
	check  func(t *testing.T, dir string, r hostileRun)
}

const swarmHead = "apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\nmetadata: {name: demo}\nspec:\n"

func writeFile(t *testing.T, path string, data []byte) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func fifo(t *testing.T, path string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	return path
}

func link(t *testing.T, target, path string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, path); err != nil {
		t.Skipf("symlink: %v", err)
	}
	return path
}

// aliased is a swarm whose one long scalar (n bytes) is aliased k times.
func aliased(n, k int) []byte {
	var b strings.Builder
	b.WriteString(swarmHead + "  defaults:\n    image: x:1\n    annotations: {note: &long " + strings.Repeat("x", n) + "}\n  roles:\n")
	for i := range k {
		fmt.Fprintf(&b, "    - {name: r%d, labels: {copy: *long}}\n", i)
	}
	return []byte(b.String())
}

// manyPatches is a ten-role swarm whose environment prod has n JSON 6902
// patches of ops operations each, adding annotations to the Deployments.
func manyPatches(n, ops int) []byte {
	var b strings.Builder
	b.WriteString(swarmHead + "  roles:\n")
	for i := range 10 {
		fmt.Fprintf(&b, "    - {name: r%d, image: \"x:1\"}\n", i)
	}
	b.WriteString("  environments:\n    prod:\n      kustomize:\n        patches:\n")
	for i := range n {
		fmt.Fprintf(&b, "          - target: {kind: Deployment, name: demo-r%d}\n            patch: |\n", i%10)
		for j := range ops {
			fmt.Fprintf(&b, "              - {op: add, path: /metadata/annotations/p%d-%d, value: v}\n", i, j)
		}
	}
	return []byte(b.String())
}

func args(a ...string) func(*testing.T, string) ([]string, string) {
	return func(*testing.T, string) ([]string, string) { return a, "" }
}

// TestHostileInputs covers each category of the hostile-input issue with
// inputs too large, too special or too secret to commit.
func TestHostileInputs(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("peak RSS is read from Linux's rusage; devices and FIFOs are Linux's")
	}
	example, _ := filepath.Abs("../../examples/market-research.yaml")
	cases := []hostileCase{
		// Devices, FIFOs, endless files.
		{name: "lint /dev/zero", setup: args("lint", "/dev/zero"), code: 1,
			stderr: "/dev/zero: error parse-error: is a character device, not a regular file"},
		{name: "a linted directory holding a link to a device and a FIFO", setup: func(t *testing.T, dir string) ([]string, string) {
			link(t, "/dev/zero", filepath.Join(dir, "m", "zero.yaml"))
			fifo(t, filepath.Join(dir, "m", "pipe.yaml"))
			writeFile(t, filepath.Join(dir, "m", "ok.yaml"), []byte("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {DB_PASSWORD: hunter2}\n"))
			return []string{"lint", "m"}, ""
		}, code: 1, check: func(t *testing.T, _ string, r hostileRun) {
			for _, want := range []string{"m/zero.yaml: error parse-error: is a character device", "m/pipe.yaml: error parse-error: is a FIFO (named pipe)", "m/ok.yaml:4:8: error plaintext-credentials"} {
				if !strings.Contains(r.stdout, want) {
					t.Errorf("output lacks %q:\n%s", want, r.stdout)
				}
			}
		}},
		{name: "a linted directory holding a dangling link and a link into /proc", setup: func(t *testing.T, dir string) ([]string, string) {
			link(t, filepath.Join(dir, "nowhere"), filepath.Join(dir, "m", "dangling.yaml"))
			link(t, "/proc/self/mem", filepath.Join(dir, "m", "mem.yaml"))
			writeFile(t, filepath.Join(dir, "m", "ok.yaml"), []byte("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {DB_PASSWORD: hunter2}\n"))
			return []string{"lint", "m"}, ""
		}, code: 1, check: func(t *testing.T, _ string, r hostileRun) {
			for _, want := range []string{"m/dangling.yaml: error parse-error: cannot read: no such file or directory", "m/mem.yaml: error parse-error: cannot read", "m/ok.yaml:4:8: error plaintext-credentials"} {
				if !strings.Contains(r.stdout, want) {
					t.Errorf("output lacks %q:\n%s", want, r.stdout)
				}
			}
		}},
		{name: "validate reading stdin twice", setup: args("validate", "-", "-"), code: 2, stderr: "agentscale: - (stdin) named twice"},
		{name: "completion for an unknown shell", setup: args("completion", "cmd.exe"), code: 2, stderr: `unknown command "cmd.exe" for "agentscale completion"`},
		{name: "a patch that removes kind", setup: func(t *testing.T, dir string) ([]string, string) {
			s := swarmHead + "  roles: [{name: a, image: \"x:1\"}]\n  environments:\n    prod:\n      kustomize:\n        patches:\n          - target: {kind: Deployment}\n            patch: \"- {op: remove, path: /kind}\"\n"
			return []string{"render", "--env", "prod", writeFile(t, filepath.Join(dir, "s.yaml"), []byte(s))}, ""
		}, code: 1, stderr: "environments.prod.kustomize.patches[0]: kustomize: the patch leaves an object (it was Deployment.v1.apps/demo-a.default) without kind"},
		{name: "validate a FIFO", setup: func(t *testing.T, dir string) ([]string, string) {
			return []string{"validate", fifo(t, filepath.Join(dir, "swarm.yaml"))}, ""
		}, code: 1, stderr: "swarm.yaml: is a FIFO (named pipe), not a regular file"},
		{name: "render a FIFO", setup: func(t *testing.T, dir string) ([]string, string) {
			return []string{"render", fifo(t, filepath.Join(dir, "swarm.yaml"))}, ""
		}, code: 1, stderr: "is a FIFO (named pipe)"},
		{name: "simulate with a FIFO as --load", setup: func(t *testing.T, dir string) ([]string, string) {
			return []string{"simulate", example, "--load", fifo(t, filepath.Join(dir, "load.csv"))}, ""
		}, code: 1, stderr: "load.csv: is a FIFO (named pipe)"},
		{name: ".agentscale.yaml links to /dev/zero", setup: func(t *testing.T, dir string) ([]string, string) {
			link(t, "/dev/zero", filepath.Join(dir, ".agentscale.yaml"))
			return []string{"validate", example}, ""
		}, code: 1, stderr: ".agentscale.yaml: is a character device, not a regular file"},
		{name: "a config file over its limit", setup: func(t *testing.T, dir string) ([]string, string) {
			writeFile(t, filepath.Join(dir, "big.yaml"), bytes.Repeat([]byte("# comment\n"), 200_000))
			return []string{"--config", "big.yaml", "version"}, ""
		}, code: 1, stderr: "big.yaml: file is 1.9 MiB; a config file may be at most 1 MiB"},
		{name: "--out-dir whose kustomization.yaml links to /dev/zero", setup: func(t *testing.T, dir string) ([]string, string) {
			link(t, "/dev/zero", filepath.Join(dir, "out", "kustomization.yaml"))
			return []string{"render", "--out-dir", "out", example}, ""
		}, code: 2, stderr: "out is not empty and was not written by agentscale"},
		{name: "validate reading endless stdin", setup: func(*testing.T, string) ([]string, string) {
			return []string{"validate", "-"}, "/dev/zero"
		}, code: 1, stderr: "<stdin>: input is more than 8 MiB; a swarm file may be at most 8 MiB"},
		{name: "lint reading endless stdin", setup: func(*testing.T, string) ([]string, string) {
			return []string{"lint", "-"}, "/dev/zero"
		}, code: 1, stderr: "input is more than 32 MiB"},
		{name: "render --krm reading endless stdin", setup: func(*testing.T, string) ([]string, string) {
			return []string{"render", "--krm"}, "/dev/zero"
		}, code: 1, stderr: "<stdin>: input is more than 32 MiB; a KRM ResourceList may be at most 32 MiB"},
		{name: "simulate reading an endless load", setup: func(*testing.T, string) ([]string, string) {
			return []string{"simulate", example, "--load", "-"}, "/dev/zero"
		}, code: 1, stderr: "<stdin>: input is more than 16 MiB; a load file may be at most 16 MiB"},
		// Amplification.
		{name: "a 70 KB scalar aliased 2,000 times", setup: func(t *testing.T, dir string) ([]string, string) {
			return []string{"render", writeFile(t, filepath.Join(dir, "s.yaml"), aliased(70_000, 2000))}, ""
		}, code: 1, stderr: "aliases and merge keys copy more than 1 MiB of text into the document"},
		{name: "a 1 MB scalar aliased 500 times", setup: func(t *testing.T, dir string) ([]string, string) {
			return []string{"validate", writeFile(t, filepath.Join(dir, "s.yaml"), aliased(1_000_000, 500))}, ""
		}, code: 1, stderr: "aliases and merge keys copy more than 1 MiB of text into the document"},
		{name: "the same, linted", setup: func(t *testing.T, dir string) ([]string, string) {
			return []string{"lint", writeFile(t, filepath.Join(dir, "s.yaml"), aliased(1_000_000, 500))}, ""
		}, code: 1, stderr: "aliases and merge keys copy more than 1 MiB"},
		{name: "a large default copied into every role", setup: func(t *testing.T, dir string) ([]string, string) {
			var b strings.Builder
			b.WriteString(swarmHead + "  defaults:\n    image: x:1\n    annotations: {note: " + strings.Repeat("y", 100_000) + "}\n  roles:\n")
			for i := range 2000 {
				fmt.Fprintf(&b, "    - {name: r%d}\n", i)
			}
			return []string{"render", writeFile(t, filepath.Join(dir, "s.yaml"), []byte(b.String()))}, ""
		}, code: 1, stderr: "defaults: is copied into each of the 2000 roles"},
		{name: "environments that multiply the work", setup: func(t *testing.T, dir string) ([]string, string) {
			var b strings.Builder
			b.WriteString(swarmHead + "  roles:\n")
			for i := range 2000 {
				fmt.Fprintf(&b, "    - {name: r%d, image: \"x:1\", env: [{name: A, value: b}, {name: C, value: d}]}\n", i)
			}
			b.WriteString("  environments:\n")
			for i := range 200 {
				fmt.Fprintf(&b, "    e%d: {namespace: n%d}\n", i, i)
			}
			return []string{"validate", writeFile(t, filepath.Join(dir, "s.yaml"), []byte(b.String()))}, ""
		}, code: 1, stderr: "environments: checking all 200 environments resolves the swarm 201 times"},
		{name: "a 10 MiB swarm is refused by lint as by validate", setup: func(t *testing.T, dir string) ([]string, string) {
			data := append([]byte(swarmHead+"  roles: [{name: a, image: \"x:1\"}]\n"), bytes.Repeat([]byte("# padding\n"), 1<<20)...)
			return []string{"lint", writeFile(t, filepath.Join(dir, "s.yaml"), data)}, ""
		}, code: 1, stderr: "s.yaml: error invalid-swarm: file is 10.0 MiB; a swarm file may be at most 8 MiB"},
		{name: "a 50 MB manifest", setup: func(t *testing.T, dir string) ([]string, string) {
			return []string{"lint", writeFile(t, filepath.Join(dir, "m.yaml"), bytes.Repeat([]byte("a: b\n"), 10<<20))}, ""
		}, code: 1, stderr: "m.yaml: error parse-error: file is 50.0 MiB; a manifest file may be at most 32 MiB"},
		{name: "a stream of 100,000 tiny documents", setup: func(t *testing.T, dir string) ([]string, string) {
			return []string{"lint", writeFile(t, filepath.Join(dir, "m.yaml"), bytes.Repeat([]byte("---\na: [1, 2, {b: c}]\n"), 100_000))}, ""
		}, code: 0},
		{name: "a 30 MB block scalar", setup: func(t *testing.T, dir string) ([]string, string) {
			m := "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  k: |\n" + strings.Repeat("    "+strings.Repeat("v", 125)+"\n", 245_000)
			return []string{"lint", writeFile(t, filepath.Join(dir, "m.yaml"), []byte(m))}, ""
		}, code: 1, stderr: "m.yaml:5:6: error parse-error: a value of 29.4 MiB; agentscale reads values of at most 2 MiB"},
		{name: "a 30 MB JSON string", setup: func(t *testing.T, dir string) ([]string, string) {
			m := `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"},"data":{"k":"` + strings.Repeat("v", 31_000_000) + `"}}`
			return []string{"lint", writeFile(t, filepath.Join(dir, "m.json"), []byte(m))}, ""
		}, code: 1, stderr: "m.json:1:75: error parse-error: a value of 29.6 MiB"},
		{name: "binary garbage", setup: func(t *testing.T, dir string) ([]string, string) {
			data := make([]byte, 4<<20)
			for i := range data {
				data[i] = byte(i*7919 + i>>8)
			}
			return []string{"validate", writeFile(t, filepath.Join(dir, "g.yaml"), data)}, ""
		}, code: 1, stderr: "g.yaml:1:1: file is not UTF-8 text"},
		{name: "a ConfigMap of 100,000 keys", setup: func(t *testing.T, dir string) ([]string, string) {
			var b strings.Builder
			b.WriteString("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n")
			for i := range 100_000 {
				fmt.Fprintf(&b, "  k%d: v\n", i)
			}
			return []string{"lint", writeFile(t, filepath.Join(dir, "m.yaml"), []byte(b.String()))}, ""
		}, code: 0},
		// Cost: an environment's kustomize fields are linear in their size.
		{name: "1,000 one-operation patches", setup: func(t *testing.T, dir string) ([]string, string) {
			return []string{"render", "--env", "prod", writeFile(t, filepath.Join(dir, "s.yaml"), manyPatches(1000, 1))}, ""
		}, code: 0},
		{name: "2,000 patches, the most accepted", setup: func(t *testing.T, dir string) ([]string, string) {
			return []string{"validate", "--env", "prod", writeFile(t, filepath.Join(dir, "s.yaml"), manyPatches(2000, 1))}, ""
		}, code: 0},
		{name: "a 20,000-operation JSON 6902 patch", setup: func(t *testing.T, dir string) ([]string, string) {
			return []string{"validate", writeFile(t, filepath.Join(dir, "s.yaml"), manyPatches(1, 20_000))}, ""
		}, code: 1, stderr: "environments.prod.kustomize.patches[0].patch: the patch is 1161 KiB; at most 1024 KiB are supported"},
		{name: "a 12,000-operation JSON 6902 patch", setup: func(t *testing.T, dir string) ([]string, string) {
			return []string{"validate", writeFile(t, filepath.Join(dir, "s.yaml"), manyPatches(1, 12_000))}, ""
		}, code: 1, stderr: "the JSON 6902 patch has 12000 operations; at most 10000 are supported"},
		{name: "patches that pile thousands of annotations on one object", setup: func(t *testing.T, dir string) ([]string, string) {
			return []string{"render", "--env", "prod", writeFile(t, filepath.Join(dir, "s.yaml"), manyPatches(1, 5000))}, ""
		}, code: 1, stderr: "the patches leave Deployment demo-r0 with 500"},
		// Simulate on a huge swarm: 100,000 replicas pending on a full pool
		// took 19 s (the scheduler and the autoscaler re-examined every
		// pending pod every step).
		{name: "simulate 100,000 pending replicas", setup: func(t *testing.T, dir string) ([]string, string) {
			s := swarmHead + "  nodePools: [{name: p, allocatable: {cpu: 4, memory: 16Gi}, minNodes: 1, maxNodes: 20}]\n" +
				"  roles:\n    - name: a\n      image: \"x:1\"\n      resources: {requests: {cpu: 250m, memory: 512Mi}, limits: {memory: 1Gi}}\n" +
				"      replicas: {min: 1, max: 100000}\n      scaling: {hpa: {metrics: [{name: q, type: Object, target: 10, targetType: Value}]}}\n"
			return []string{"simulate", writeFile(t, filepath.Join(dir, "s.yaml"), []byte(s)), "--load", "steady:1000000", "--duration", "24h"}, ""
		}, code: 0},
		{name: "lint a ConfigMap stuffed with every gitleaks keyword, 30 times", setup: func(t *testing.T, dir string) ([]string, string) {
			data, err := os.ReadFile("../../testdata/hostile/keyword-stuffed-configmap.yaml")
			if err != nil {
				t.Fatal(err)
			}
			head, body, _ := bytes.Cut(data, []byte("  note: "))
			var b bytes.Buffer
			b.Write(head)
			for i := range 30 {
				fmt.Fprintf(&b, "  note%d: %s", i, body)
			}
			return []string{"lint", writeFile(t, filepath.Join(dir, "m.yaml"), b.Bytes())}, ""
		}, code: 0},
		// Objects hidden from lint.
		{name: "credentials recognised by value", setup: func(t *testing.T, dir string) ([]string, string) {
			gh := "gh" + "p_" + strings.Repeat("aB3dE5gH7j", 3) + "K9mN1p"
			m := "apiVersion: v1\nkind: Pod\nmetadata: {name: p, annotations: {note: " + gh + "}}\nspec:\n  containers:\n    - name: a\n      image: a:1\n      env: [{name: NOTE, value: " + gh + "}]\n"
			return []string{"lint", writeFile(t, filepath.Join(dir, "m.yaml"), []byte(m))}, ""
		}, code: 1, stderr: "", check: func(t *testing.T, _ string, r hostileRun) {
			if strings.Count(r.stdout, `matches gitleaks rule "github-pat"`) != 2 || strings.Contains(r.stdout, "aB3dE5gH7j") {
				t.Errorf("want two github-pat findings that do not repeat the token:\n%s", r.stdout)
			}
		}},
		// --out-dir never deletes what a person wrote.
		{name: "--out-dir keeps a person's file listed in its kustomization", setup: func(t *testing.T, dir string) ([]string, string) {
			if r := runBinary(t, dir, "", "render", "--out-dir", "out", example); r.code != 0 {
				t.Fatalf("first render: %s", r.stderr)
			}
			writeFile(t, filepath.Join(dir, "out", "mine.yaml"), []byte("kind: ConfigMap\n"))
			k := filepath.Join(dir, "out", "kustomization.yaml")
			data, _ := os.ReadFile(k)
			writeFile(t, k, bytes.Replace(data, []byte("resources:\n"), []byte("resources:\n- mine.yaml\n"), 1))
			return []string{"render", "--out-dir", "out", example}, ""
		}, code: 2, stderr: "holds files agentscale did not write (mine.yaml) and files changed since agentscale wrote them (kustomization.yaml)",
			check: func(t *testing.T, dir string, _ hostileRun) {
				if _, err := os.Stat(filepath.Join(dir, "out", "mine.yaml")); err != nil {
					t.Errorf("the person's file is gone: %v", err)
				}
			}},
		{name: "--out-dir with a record a person made by hand", setup: func(t *testing.T, dir string) ([]string, string) {
			writeFile(t, filepath.Join(dir, "out", "notes.txt"), []byte("mine\n"))
			sum := sha256.Sum256([]byte("mine\n"))
			writeFile(t, filepath.Join(dir, "out", ".agentscale.sha256"), []byte(hex.EncodeToString(sum[:])+"  notes.txt\n"))
			return []string{"render", "--out-dir", "out", example}, ""
		}, code: 2, stderr: "out: .agentscale.sha256 is not a record agentscale wrote",
			check: func(t *testing.T, dir string, _ hostileRun) {
				if _, err := os.Stat(filepath.Join(dir, "out", "notes.txt")); err != nil {
					t.Errorf("the person's file is gone: %v", err)
				}
			}},
		{name: "--out-dir left by a killed run is cleaned up", setup: func(t *testing.T, dir string) ([]string, string) {
			writeFile(t, filepath.Join(dir, ".out.agentscale-999999999-1", "deployment-x.yaml"), []byte("kind: Deployment\n"))
			writeFile(t, filepath.Join(dir, ".out.agentscale-999999999-1", ".agentscale-temporary"), nil)
			return []string{"render", "--out-dir", "out", example}, ""
		}, code: 0, check: func(t *testing.T, dir string, _ hostileRun) {
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if strings.Contains(e.Name(), ".agentscale-") {
					t.Errorf("%s left behind", e.Name())
				}
			}
		}},
		// Consistency.
		{name: "validate goes on after a missing file", setup: func(t *testing.T, dir string) ([]string, string) {
			bad := writeFile(t, filepath.Join(dir, "b.yaml"), []byte(swarmHead+"  roles: [{name: A, image: \"x:1\"}]\n"))
			return []string{"validate", example, "missing.yaml", bad}, ""
		}, code: 2, check: func(t *testing.T, _ string, r hostileRun) {
			if !strings.Contains(r.stderr, "cannot read missing.yaml") || !strings.Contains(r.stderr, "b.yaml:5:18: roles[0].name") {
				t.Errorf("want both the missing file and b.yaml's error:\n%s", r.stderr)
			}
		}},
		{name: "init into a directory named null", setup: args("init", "dd/null"), code: 0,
			check: func(t *testing.T, dir string, _ hostileRun) {
				if r := runBinary(t, dir, "", "validate", "dd/null/swarm.yaml"); r.code != 0 {
					t.Errorf("init wrote an invalid swarm: %s", r.stderr)
				}
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			a, stdin := c.setup(t, dir)
			r := runBinary(t, dir, stdin, a...)
			r.checkBounds(t, strings.Join(a, " "))
			if r.code != c.code {
				t.Errorf("exit %d, want %d\nstdout: %.1000s\nstderr: %.1000s", r.code, c.code, r.stdout, r.stderr)
			}
			if c.stderr != "" && !strings.Contains(r.stderr+r.stdout, c.stderr) {
				t.Errorf("output lacks %q:\nstdout: %.1000s\nstderr: %.1000s", c.stderr, r.stdout, r.stderr)
			}
			if c.check != nil {
				c.check(t, dir, r)
			}
		})
	}
}
