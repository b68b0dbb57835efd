package outdir

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// staleAge is how old a temporary directory without a living owner must
// be before it is removed on other systems (where a process cannot be
// asked whether it is alive), and for names without a process id.
const staleAge = time.Hour

// removeStale removes the temporary directories of base that earlier runs
// left behind when they were killed: their names start with tempPrefix,
// they carry tempMarker (written first, removed just before the swap), the
// process that made them is gone, and they hold nothing but files of an
// output. A directory a person made or wrote into is kept. Errors are
// ignored: this is tidying.
func removeStale(parent, base string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	prefix := tempPrefix(base)
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() || !strings.HasPrefix(name, prefix) {
			continue
		}
		path := filepath.Join(parent, name)
		if !ownerGone(path, strings.TrimPrefix(name, prefix)) || !ours(path) {
			continue
		}
		_ = removeAll(path)
	}
}

// ownerGone reports whether the run that made a temporary directory has
// ended: its process id (the part of rest before "-") is not running, or,
// when that cannot be told, the directory is over staleAge old.
func ownerGone(path, rest string) bool {
	pidText, _, found := strings.Cut(rest, "-")
	if pid, err := strconv.Atoi(pidText); found && err == nil && pid > 0 {
		if pid == os.Getpid() {
			return false
		}
		if alive, known := processAlive(pid); known {
			return !alive
		}
	}
	fi, err := os.Stat(path)
	return err == nil && time.Since(fi.ModTime()) > staleAge
}

// ours reports whether dir is agentscale's to delete: a temporary
// directory being written (it carries tempMarker and only output files),
// or an output that a swap left behind (every file in its record, as
// written).
func ours(dir string) bool {
	if _, err := os.Lstat(filepath.Join(dir, tempMarker)); err == nil {
		return onlyOutputFiles(dir)
	}
	foreign, changed, err := unrecorded(dir)
	return err == nil && len(foreign) == 0 && len(changed) == 0
}

// onlyOutputFiles reports whether dir holds only regular files named as
// render names them.
func onlyOutputFiles(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || !outputName().MatchString(e.Name()) && e.Name() != RecordFile && e.Name() != tempMarker {
			return false
		}
	}
	return true
}
