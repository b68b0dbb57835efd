package outdir

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/agentscale/agentscale/internal/input"
)

// WriteFiles replaces dir with exactly files (and RecordFile), all or
// nothing: they are written into a temporary directory beside dir, which
// is then swapped in by rename. On any error dir is left as it was and the
// temporary directory is removed; temporary directories that earlier runs
// left behind (killed with kill -9) are removed first.
//
// Files are not fsynced: that tripled the time of a write (35 fsyncs) for
// output that is reproducible by running render again. Atomicity covers
// agentscale failing or being killed, not the machine losing power.
func WriteFiles(dir string, files []File) (err error) {
	target, err := resolve(dir)
	if err != nil {
		return err
	}
	if err := checkNotWorkingDir(dir, target); err != nil {
		return err
	}
	exists, mode, err := checkReplaceable(dir, target)
	if err != nil {
		return err
	}
	parent := filepath.Dir(target)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return CannotWrite(dir, err)
	}
	if err := checkWritable(dir, target, parent, exists); err != nil {
		return err
	}
	base := filepath.Base(target)
	removeStale(parent, base)
	tmp, err := os.MkdirTemp(parent, tempPrefix(base)+strconv.Itoa(os.Getpid())+"-*")
	if err != nil {
		return CannotWrite(dir, err)
	}
	// The marker comes first: removeStale deletes only directories that
	// carry it, never one a person made with a similar name.
	if err := writeFile(filepath.Join(tmp, tempMarker), nil); err != nil {
		_ = removeAll(tmp)
		return CannotWrite(dir, err)
	}
	// tmp holds the new files until the swap, and the old ones after it.
	defer func() {
		if rmErr := removeAll(tmp); rmErr != nil && err == nil {
			err = fmt.Errorf("%s written, but the old files could not be removed: %w", dir, rmErr)
		}
	}()
	for _, f := range files {
		if err := writeFile(filepath.Join(tmp, f.Name), f.Data); err != nil {
			return CannotWrite(filepath.Join(dir, f.Name), err)
		}
	}
	// The record comes last: a temporary directory without one was never
	// complete.
	if err := writeFile(filepath.Join(tmp, RecordFile), record(files)); err != nil {
		return CannotWrite(filepath.Join(dir, RecordFile), err)
	}
	if err := os.Remove(filepath.Join(tmp, tempMarker)); err != nil {
		return err
	}
	if err := os.Chmod(tmp, mode); err != nil {
		return err
	}
	if exists {
		err = exchange(tmp, target)
	} else {
		err = os.Rename(tmp, target)
	}
	if err != nil {
		return fmt.Errorf("cannot replace %s: %w", dir, err)
	}
	return nil
}

// tempMarker marks a temporary directory agentscale made, until the swap.
const tempMarker = ".agentscale-temporary"

// tempPrefix starts the names of the temporary directories for base:
// ".<base>.agentscale-<pid>-<random>".
func tempPrefix(base string) string { return "." + base + ".agentscale-" }

// removeAll removes a temporary directory, even one whose mode was set to
// the old output's.
func removeAll(dir string) error {
	_ = os.Chmod(dir, 0o700)
	return os.RemoveAll(dir)
}

// resolve makes dir absolute and follows a symlink at dir itself, so that a
// link to an output directory keeps pointing at the new output.
func resolve(dir string) (string, error) {
	if dir == "" {
		return "", errors.New("--out-dir: empty directory name")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	if fi, err := os.Lstat(abs); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		return filepath.EvalSymlinks(abs)
	}
	return abs, nil
}

// checkNotWorkingDir refuses a DIR that is or holds the working directory:
// replacing it would leave the caller's shell in a deleted directory.
func checkNotWorkingDir(dir, target string) error {
	wd, err := os.Getwd()
	if err != nil {
		return nil
	}
	if real, err := filepath.EvalSymlinks(wd); err == nil {
		wd = real
	}
	if real, err := filepath.EvalSymlinks(target); err == nil {
		target = real
	}
	if rel, err := filepath.Rel(target, wd); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return fmt.Errorf("%s is (or contains) the working directory; write the output to a directory of its own", dir)
	}
	return nil
}

// checkReplaceable reports whether target exists (and its mode, to keep),
// and refuses a target that holds anything agentscale did not write: a
// file not in its record, a file whose content changed since, a
// subdirectory, a link.
func checkReplaceable(dir, target string) (exists bool, mode fs.FileMode, err error) {
	fi, err := os.Stat(target)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return false, 0o755, nil
	case err != nil:
		return false, 0, err
	case !fi.IsDir():
		return false, 0, fmt.Errorf("%s exists and is not a directory", dir)
	}
	entries, err := os.ReadDir(target)
	if err != nil {
		return false, 0, err
	}
	if len(entries) == 0 {
		return true, fi.Mode().Perm(), nil
	}
	const advice = "agentscale replaces only an empty directory or its own unchanged output: choose another --out-dir, or move those files away"
	foreign, changed, err := unrecorded(target)
	switch {
	case errors.Is(err, errNoRecord):
		if earlierOutput(target) {
			return false, 0, fmt.Errorf("%s was written by an earlier agentscale that kept no record of its files (%s): delete it, then render again", dir, RecordFile)
		}
		return false, 0, fmt.Errorf("%s is not empty and was not written by agentscale (it has no %s); %s", dir, RecordFile, advice)
	case err != nil:
		return false, 0, fmt.Errorf("%s: %s is not a record agentscale wrote; %s", dir, RecordFile, advice)
	}
	var why []string
	if len(foreign) > 0 {
		why = append(why, "files agentscale did not write ("+describe(foreign)+")")
	}
	if len(changed) > 0 {
		why = append(why, "files changed since agentscale wrote them ("+describe(changed)+")")
	}
	if len(why) > 0 {
		return false, 0, fmt.Errorf("%s holds %s; %s", dir, strings.Join(why, " and "), advice)
	}
	return true, fi.Mode().Perm(), nil
}

var (
	errNoRecord  = errors.New("no record")
	errBadRecord = errors.New("not a record")
)

// unrecorded compares dir with its record: the files in it that the record
// does not list (or that are not regular files), and those whose content
// changed since. The error is errNoRecord or errBadRecord.
func unrecorded(dir string) (foreign, changed []string, err error) {
	data, err := input.Read(filepath.Join(dir, RecordFile), nil, recordKind)
	if err != nil {
		return nil, nil, errNoRecord
	}
	ours, ok := parseRecord(data)
	if !ok {
		return nil, nil, errBadRecord
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	for _, e := range entries {
		name := e.Name()
		if name == RecordFile {
			continue
		}
		want, listed := ours[name]
		if !listed || !e.Type().IsRegular() {
			foreign = append(foreign, name)
			continue
		}
		got, err := input.Read(filepath.Join(dir, name), nil, outputKind)
		if err != nil || sum(got) != want {
			changed = append(changed, name)
		}
	}
	return foreign, changed, nil
}

// earlierOutput reports a directory whose kustomization.yaml carries the
// annotation of an agentscale output.
func earlierOutput(target string) bool {
	data, err := input.Read(filepath.Join(target, KustomizationFile), nil, input.Kustomization)
	_, ok := previous(data)
	return err == nil && ok
}

// checkWritable refuses, before anything is written, a DIR or a parent
// that agentscale cannot change: replacing DIR needs both.
func checkWritable(dir, target, parent string, exists bool) error {
	if exists && !writable(target) {
		return fmt.Errorf("%s is not writable: agentscale replaces the whole directory, so it needs write permission on it", dir)
	}
	if !writable(parent) {
		return fmt.Errorf("%s is not writable: agentscale writes %s beside it and swaps it in", filepath.Dir(dir), filepath.Base(dir))
	}
	return nil
}

func writeFile(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
