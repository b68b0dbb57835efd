package outdir

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// WriteFile writes one file the way WriteFiles writes a directory: to a
// temporary file beside path, renamed over it once write has succeeded, so
// a failure never leaves half a file behind. Missing folders are made, as
// --out-dir's are. A path that exists and is not a regular file is refused.
func WriteFile(path string, write func(io.Writer) error) error {
	if fi, err := os.Lstat(path); err == nil && !fi.Mode().IsRegular() {
		return fmt.Errorf("%s exists and is not a regular file: name a file to write", path)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return CannotWrite(path, err)
	}
	tmp, err := os.CreateTemp(dir, ".agentscale-file-*")
	if err != nil {
		return CannotWrite(path, err)
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
			return CannotWrite(path, err) // a full disk, not the writer's own error
		}
		return err
	}
	if err := tmp.Close(); err != nil {
		return CannotWrite(path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return CannotWrite(path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return CannotWrite(path, err)
	}
	return nil
}

// CannotWrite names the path the user asked for, not the temporary one the
// failing call was given ("mkdir /x/.out.agentscale-81-2014623809: …").
func CannotWrite(path string, err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		err = pe.Err
	case errors.As(err, &le):
		err = le.Err
	}
	return fmt.Errorf("cannot write %s: %w", path, err)
}
