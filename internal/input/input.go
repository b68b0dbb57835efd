// Package input reads what users hand agentscale — swarm files, manifests,
// config files, standard input — within a size limit, and only from
// regular files: a device (/dev/zero), a FIFO or a socket is refused
// before a byte is read, so no input can make a command read forever,
// block, or run out of memory.
package input

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/agentscale/agentscale/internal/diag"
)

// StdinName is how positions name standard input.
const StdinName = "<stdin>"

// Kind is a kind of input and the most agentscale reads of it.
type Kind struct {
	// Name is how messages call one ("a swarm file").
	Name string
	// Limit is the largest size accepted, in bytes.
	Limit int64
}

// The kinds of input and their limits (docs/security.md explains them).
var (
	// Swarm: a 1,000-role swarm is about 160 KiB.
	Swarm = Kind{Name: "a swarm file", Limit: 8 << 20} // spec.MaxFileSize
	// Manifest: a 4,000-object bundle is about 1.4 MiB; etcd refuses any
	// object over 1.5 MiB.
	Manifest = Kind{Name: "a manifest file", Limit: 32 << 20}
	// ResourceList: what kustomize or kpt hand a KRM function.
	ResourceList = Kind{Name: "a KRM ResourceList", Limit: 32 << 20}
	// Config: .agentscale.yaml holds a few flag defaults and rule levels.
	Config = Kind{Name: "a config file", Limit: 1 << 20}
	// Load: a simulate --load CSV; a week at one row per second is ~10 MiB.
	Load = Kind{Name: "a load file", Limit: 16 << 20}
	// Kustomization: the kustomization.yaml of an --out-dir agentscale wrote.
	Kustomization = Kind{Name: "a kustomization", Limit: 4 << 20}
)

// Read reads path, or standard input for "-", as kind k. Problems of the
// input itself (a directory, a device, a FIFO, a file over the limit) are
// *diag.Error values, exit 1; a path that cannot be opened at all comes
// back as the operating system's *fs.PathError, exit 2.
func Read(path string, stdin io.Reader, k Kind) ([]byte, error) {
	if path == "-" {
		if stdin == nil {
			return nil, errors.New("no standard input")
		}
		return readAll(StdinName, stdin, k, 0)
	}
	// Stat first, so that a FIFO or a device is refused without opening
	// it (opening a FIFO blocks until a writer comes).
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := regular(path, st, k); err != nil {
		return nil, err
	}
	f, err := openNonBlocking(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// The path may have changed between Stat and Open: check what was opened.
	if st, err = f.Stat(); err != nil {
		return nil, err
	}
	if err := regular(path, st, k); err != nil {
		return nil, err
	}
	return readAll(path, f, k, st.Size())
}

// Check reports, without reading it, whether path names something Read
// would accept: a regular file within the limit.
func Check(path string, k Kind) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	return regular(path, st, k)
}

func regular(path string, st fs.FileInfo, k Kind) error {
	m := st.Mode()
	switch {
	case m.IsDir():
		return &diag.Error{Pos: diag.Pos{File: path}, Msg: "is a directory, not " + k.Name}
	case !m.IsRegular():
		return &diag.Error{Pos: diag.Pos{File: path}, Msg: fmt.Sprintf("is %s, not a regular file: agentscale reads %s only from a regular file (or - for standard input)", modeName(m), k.Name)}
	case st.Size() > k.Limit:
		return tooLarge(path, st.Size(), k, false)
	}
	return nil
}

func modeName(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO (named pipe)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	case m&fs.ModeIrregular != 0:
		return "an irregular file"
	}
	return "not a regular file"
}

// readAll reads at most k.Limit bytes, reading one more to tell a file
// at the limit from a larger one (a file can grow after Stat; a pipe has
// no size). size, a regular file's size from Stat, sizes the buffer, as
// os.ReadFile does: growing it from 512 bytes copies a swarm file a dozen
// times into fresh pages.
func readAll(name string, r io.Reader, k Kind, size int64) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(int(min(size, k.Limit)) + bytes.MinRead) // ReadFrom wants MinRead spare to read EOF
	if _, err := buf.ReadFrom(io.LimitReader(r, k.Limit+1)); err != nil {
		return nil, err
	}
	data := buf.Bytes()
	if int64(len(data)) > k.Limit {
		return nil, tooLarge(name, int64(len(data)), k, true)
	}
	return data, nil
}

func tooLarge(name string, size int64, k Kind, atLeast bool) *diag.Error {
	msg := TooLarge(size, k)
	if atLeast {
		msg = fmt.Sprintf("input is more than %s; %s may be at most %s", mib(k.Limit), k.Name, mib(k.Limit))
	}
	return &diag.Error{Pos: diag.Pos{File: name}, Msg: msg}
}

// TooLarge says that an input of size bytes is over k's limit.
func TooLarge(size int64, k Kind) string {
	return fmt.Sprintf("file is %.1f MiB; %s may be at most %s", float64(size)/(1<<20), k.Name, mib(k.Limit))
}

func mib(n int64) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
}
