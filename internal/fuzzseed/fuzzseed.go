// Package fuzzseed seeds fuzz targets with the repository's hostile-input
// corpus (testdata/hostile), so every reader of user input starts from the
// files that once crashed or ballooned one of them, and with its typos
// corpus (testdata/typos). Only tests import it.
package fuzzseed

import (
	"os"
	"path/filepath"
	"testing"
)

// Hostile adds every file of testdata/hostile to f's corpus.
func Hostile(f *testing.F) {
	f.Helper()
	add(f, "hostile", "*.*")
}

// Typos adds every swarm file of testdata/typos (one realistic mistake
// each: indentation, misspelt keys, bad trigger values) to f's corpus.
func Typos(f *testing.F) {
	f.Helper()
	add(f, "typos", "*.yaml")
}

func add(f *testing.F, dir, pattern string) {
	f.Helper()
	root, err := repoRoot()
	if err != nil {
		f.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(root, "testdata", dir, pattern))
	if err != nil || len(files) == 0 {
		f.Fatalf("no %s corpus under %s: %v", dir, root, err)
	}
	for _, file := range files {
		if filepath.Ext(file) == ".md" {
			continue
		}
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

// repoRoot is the nearest directory above the test's that holds go.mod
// (tests run in their package's directory).
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}
