package lint

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Source is one input file.
type Source struct {
	// Name is how findings name the file: the path as given (or found in a
	// directory), or "<stdin>".
	Name string
	Data []byte
}

// MaxManifestSize bounds one input file. Large generated bundles fit;
// anything bigger is refused before it costs memory.
const MaxManifestSize = 64 << 20

// StdinName names standard input in findings.
const StdinName = "<stdin>"

// Read reads the files named by paths: files as given ("-" is stdin) and
// directories recursively (.yaml, .yml and .json; hidden directories such
// as .git are skipped). Files come in the order given, directory entries
// in lexical order. A path that cannot be read is an error (exit 2).
func Read(paths []string, stdin io.Reader) ([]Source, error) {
	var out []Source
	stdinRead := false
	for _, p := range paths {
		if p == "-" {
			if stdinRead {
				return nil, fmt.Errorf("- (stdin) named twice")
			}
			stdinRead = true
			data, err := io.ReadAll(io.LimitReader(stdin, MaxManifestSize+1))
			if err != nil {
				return nil, fmt.Errorf("cannot read stdin: %w", err)
			}
			if len(data) > MaxManifestSize {
				return nil, fmt.Errorf("stdin: more than %d MiB", MaxManifestSize>>20)
			}
			out = append(out, Source{Name: StdinName, Data: data})
			continue
		}
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("cannot read %s: %w", p, unwrapPath(err))
		}
		if !st.IsDir() {
			src, err := readFile(p)
			if err != nil {
				return nil, err
			}
			out = append(out, src)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			switch {
			case err != nil:
				return fmt.Errorf("cannot read %s: %w", path, unwrapPath(err))
			case d.IsDir():
				if path != p && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			case !isManifestName(d.Name()):
				return nil
			}
			src, err := readFile(path)
			if err == nil {
				out = append(out, src)
			}
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func isManifestName(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml", ".json":
		return true
	}
	return false
}

func readFile(path string) (Source, error) {
	st, err := os.Stat(path)
	if err != nil {
		return Source{}, fmt.Errorf("cannot read %s: %w", path, unwrapPath(err))
	}
	if st.Size() > MaxManifestSize {
		return Source{}, fmt.Errorf("cannot read %s: file is larger than %d MiB", path, MaxManifestSize>>20)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return Source{}, fmt.Errorf("cannot read %s: %w", path, unwrapPath(err))
	}
	return Source{Name: path, Data: data}, nil
}

// unwrapPath drops the path an *fs.PathError repeats.
func unwrapPath(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}
