package lint

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/agentscale/agentscale/internal/diag"
	"github.com/agentscale/agentscale/internal/input"
)

// Source is one input file.
type Source struct {
	// Name is how findings name the file: the path as given (or found in a
	// directory), or "<stdin>".
	Name string
	Data []byte
	// Err is why the file was not read (a device, a FIFO, a file over the
	// limit): a parse-error finding, so the other files are still linted.
	Err *diag.Error
}

// StdinName names standard input in findings.
const StdinName = input.StdinName

// Unread is a path given that could not be read, and why: not a finding
// (nothing in it was checked), so the run ends with exit 2, but the other
// paths are still read and checked.
type Unread struct {
	File    string `json:"file"`
	Message string `json:"message"` // why, without the path: "no such file or directory"
}

func (u Unread) String() string { return "cannot read " + u.File + ": " + u.Message }

// Unchecked is a path given that was read but could not be checked for a
// reason that is not in its content (validate --env could not build the
// environment's kustomize overlay): like Unread, not a finding, exit 2.
type Unchecked struct {
	File    string `json:"file"`
	Message string `json:"message"` // why, without the path
}

func (f Unchecked) String() string { return f.File + ": " + f.Message }

// Read reads the files named by paths: files as given ("-" is stdin) and
// directories recursively (.yaml, .yml and .json; hidden directories such
// as .git are skipped). Files come in the order given, directory entries
// in lexical order. A path given that cannot be read is an Unread (exit
// 2), and the rest are still read; a file that is not a regular file or is
// too large becomes a Source with Err set (a finding, exit 1). The error is
// for a call that cannot mean anything: stdin named twice.
func Read(paths []string, stdin io.Reader) ([]Source, []Unread, error) {
	var out []Source
	var unread []Unread
	stdinRead := false
	for _, p := range paths {
		if p == "-" {
			if stdinRead {
				return nil, nil, fmt.Errorf("- (stdin) named twice")
			}
			stdinRead = true
		}
		if p == "-" || !isDir(p) {
			src, err := readFile(p, stdin)
			if err != nil {
				name := p
				if p == "-" {
					name = StdinName
				}
				unread = append(unread, Unread{File: name, Message: err.Error()})
				continue
			}
			out = append(out, src)
			continue
		}
		// Inside a directory, a file or directory that cannot be read (a
		// dangling link, no permission, /proc's files) is a finding at its
		// path: the rest is still linted.
		err := filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			switch {
			case err != nil && path == p:
				return unwrapPath(err)
			case err != nil:
				out = append(out, unreadable(path, err))
				if d != nil && d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			case d.IsDir():
				if path != p && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			case !isManifestName(d.Name()):
				return nil
			}
			src, err := readFile(path, nil)
			if err != nil {
				src = unreadable(path, err)
			}
			out = append(out, src)
			return nil
		})
		if err != nil {
			unread = append(unread, Unread{File: p, Message: err.Error()})
		}
	}
	return out, unread, nil
}

// unreadable is a file of a directory that could not be read, as a finding.
func unreadable(path string, err error) Source {
	return Source{Name: path, Err: &diag.Error{Pos: diag.Pos{File: path}, Msg: "cannot read: " + unwrapPath(err).Error()}}
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

func isManifestName(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml", ".json":
		return true
	}
	return false
}

// readFile reads one file (or stdin for "-") through the bounded reader.
func readFile(path string, stdin io.Reader) (Source, error) {
	name := path
	if path == "-" {
		name = StdinName
	}
	data, err := input.Read(path, stdin, input.Manifest)
	if e, ok := err.(*diag.Error); ok {
		return Source{Name: name, Err: e}, nil
	}
	if err != nil {
		return Source{}, unwrapPath(err) // the reason: the caller names the path
	}
	return Source{Name: name, Data: data}, nil
}

// unwrapPath drops the path an *fs.PathError repeats.
func unwrapPath(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}
