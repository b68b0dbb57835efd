package templates

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// File names init writes. The template's modeline points at SchemaFile, so
// editors complete and check swarm.yaml offline.
const (
	SwarmFile  = "swarm.yaml"
	SchemaFile = "swarm.schema.json"
)

// ErrExists is returned, wrapped, when a file is in the way and force is off.
var ErrExists = errors.New("already exists")

// Write writes the named template as dir/swarm.yaml and schema as
// dir/swarm.schema.json, creating dir if needed. Unless force is set it
// writes nothing when either file exists; each file is written to a
// temporary name and renamed, so a failure never leaves half a file.
// It returns the paths written.
func Write(dir, name string, schema []byte, force bool) ([]string, error) {
	swarm, err := Get(name)
	if err != nil {
		return nil, err
	}
	return WriteSwarm(dir, swarm, schema, force)
}

// WriteSwarm is Write with the swarm file's contents given.
func WriteSwarm(dir string, swarm, schema []byte, force bool) ([]string, error) {
	files := []struct {
		path string
		data []byte
	}{
		{filepath.Join(dir, SwarmFile), swarm},
		{filepath.Join(dir, SchemaFile), schema},
	}
	if !force {
		for _, f := range files {
			if _, err := os.Lstat(f.path); err == nil {
				return nil, fmt.Errorf("%s %w (use --force to overwrite)", f.path, ErrExists)
			} else if !errors.Is(err, fs.ErrNotExist) {
				return nil, err
			}
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var written []string
	for _, f := range files {
		if err := writeFile(f.path, f.data); err != nil {
			return written, err
		}
		written = append(written, f.path)
	}
	return written, nil
}

func writeFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
