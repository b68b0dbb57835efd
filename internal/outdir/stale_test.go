package outdir

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// deadPID returns the id of a process that has ended.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip(err)
	}
	return cmd.Process.Pid
}

// Temporary directories of killed runs are removed by the next run; those
// of running processes, and any that hold more than output files, stay.
func TestRemovesStaleTemporaryDirectories(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	dead := strconv.Itoa(deadPID(t))
	stale := filepath.Join(parent, tempPrefix("out")+dead+"-123")
	staleOld := filepath.Join(parent, tempPrefix("out")+dead+"-456.old")
	running := filepath.Join(parent, tempPrefix("out")+strconv.Itoa(os.Getppid())+"-789")
	personal := filepath.Join(parent, tempPrefix("out")+dead+"-999")
	other := filepath.Join(parent, tempPrefix("other")+dead+"-1")
	for _, d := range []string{stale, running, personal, other} {
		mkdir(t, d)
		write(t, filepath.Join(d, "deployment-x.yaml"), "kind: Deployment\n")
		if d != personal {
			write(t, filepath.Join(d, tempMarker), "")
		}
	}
	// What a swap leaves when killed halfway: a previous output, whole.
	if err := Write(staleOld, twoObjects[:1], Options{Name: "s"}); err != nil {
		t.Fatal(err)
	}
	// A person's directory of a similar name is kept, with or without
	// output-like files.
	mkdir(t, filepath.Join(personal, "notes"))
	lookalike := filepath.Join(parent, tempPrefix("out")+dead+"-42")
	mkdir(t, lookalike)
	write(t, filepath.Join(lookalike, "my-notes.yaml"), "mine\n")
	if err := Write(dir, twoObjects, Options{Name: "s"}); err != nil {
		t.Fatal(err)
	}
	got := entries(t, parent)
	want := []string{filepath.Base(lookalike), filepath.Base(personal), filepath.Base(running), filepath.Base(other), "out"}
	slices.Sort(want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("left %q, want %q", got, want)
	}
}

// A DIR that cannot be changed is refused before anything is written, and
// nothing is left behind. As root (CI), permissions do not stop writes, so
// the test uses a read-only file system instead.
func TestWriteRefusesReadOnlyDir(t *testing.T) {
	base := t.TempDir()
	dir := filepath.Join(base, "ro", "out")
	if err := Write(dir, twoObjects[:1], Options{Name: "s"}); err != nil {
		t.Fatal(err)
	}
	ro := filepath.Join(base, "ro")
	if os.Geteuid() == 0 {
		// Bind the directory onto itself, then make the bind read-only.
		if out, err := exec.Command("mount", "--bind", ro, ro).CombinedOutput(); err != nil {
			t.Skipf("cannot bind-mount here: %v: %s", err, out)
		}
		t.Cleanup(func() { exec.Command("umount", ro).Run() })
		if out, err := exec.Command("mount", "-o", "remount,bind,ro", ro).CombinedOutput(); err != nil {
			t.Skipf("cannot remount read-only here: %v: %s", err, out)
		}
	} else {
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(ro, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(ro, 0o755); os.Chmod(dir, 0o755) })
	}
	before := state(t, dir)
	err := Write(dir, twoObjects, Options{Name: "s"})
	if err == nil || !strings.Contains(err.Error(), "is not writable") {
		t.Fatalf("err = %v, want a refusal naming the read-only directory", err)
	}
	if !reflect.DeepEqual(state(t, dir), before) {
		t.Error("refused write changed DIR")
	}
	if got := entries(t, ro); !reflect.DeepEqual(got, []string{"out"}) {
		t.Errorf("left behind: %q", got)
	}
}
