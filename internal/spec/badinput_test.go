package spec

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// aliasBomb is "billion laughs": nine levels of nine aliases each.
func aliasBomb() []byte {
	var b strings.Builder
	b.WriteString("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	prev := "a"
	for _, n := range []string{"b", "c", "d", "e", "f", "g", "h", "i"} {
		b.WriteString(n + ": &" + n + " [")
		for i := 0; i < 9; i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*" + prev)
		}
		b.WriteString("]\n")
		prev = n
	}
	return []byte(b.String())
}

// badInputs are the hostile and broken files every loader must survive; the
// fuzz target starts from them too.
func badInputs() map[string][]byte {
	return map[string][]byte{
		"malformed":    []byte("apiVersion: agentscale.dev/v1alpha1\nkind: [Swarm\n"),
		"tabs":         []byte("spec:\n\troles: []\n"),
		"alias bomb":   aliasBomb(),
		"binary":       {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0xff, 0xfe},
		"invalid utf8": []byte("apiVersion: agentscale.dev/v1alpha1\nkind: \xc3\x28\n"),
		"empty":        {},
		"only comment": []byte("# nothing here\n"),
		"scalar":       []byte("just a string\n"),
		"list":         []byte("- a\n- b\n"),
		"two docs":     []byte(head + "    - {name: a, image: x:1}\n---\nkind: Other\n"),
		"wrong types":  []byte("apiVersion: 1\nkind: true\nmetadata: []\nspec: {roles: {a: 1}}\n"),
		"unknown":      []byte(head + "    - {name: a, image: x:1, colour: blue}\n"),
		"dup keys":     []byte(head + "    - name: a\n      image: x:1\n      name: b\n"),
		"deep":         []byte("a: " + strings.Repeat("[", 200) + strings.Repeat("]", 200) + "\n"),
		"many values":  []byte("a: [" + strings.Repeat("1,", limits.MaxValues) + "1]\n"),
		"self merge":   []byte("a: &a {b: 1}\nc: {<<: [*a, *a], d: 2}\n"),
		"huge int":     []byte(head + "    - {name: a, image: x:1, replicas: 99999999999999999999999}\n"),
		"nan":          []byte(head + "    - {name: a, image: x:1, simulation: {tasksPerSecond: .nan}}\n"),
		"binary tag":   []byte(head + "    - {name: a, image: !!binary aGVsbG8=}\n"),
		"merge scalar": []byte("a: {<<: 1}\n"),
		"unclosed":     []byte("a: [\n"),
		"bom and crlf": []byte("\xef\xbb\xbf" + strings.ReplaceAll(head, "\n", "\r\n") + "    - {name: a, image: x:1, replica: 2}\r\n"),
		"wide chars":   []byte(head + "    - {name: b, image: \"日本語\", replica: 2}\n"),
		"bad indent":   []byte("a: b\n c: d\n"),
		"a manifest":   []byte("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 2}\n"),
		"swarm typos":  []byte("apiVersion: agentscale.io/v1alpha1\nkind: Swarms\nmetadata: {name: a}\nspec: {roles: [{name: a, image: x:1}]}\n"),
		"manifests":    []byte("apiVersion: v1\nkind: Service\nmetadata: {name: web}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"),
	}
}

// TestBadInput: every broken file gets positioned errors, quickly and
// within bounded memory, and never a panic.
func TestBadInput(t *testing.T) {
	want := map[string]string{
		"malformed":    "swarm.yaml:2:1: invalid YAML: did not find expected ',' or ']'",
		"tabs":         "swarm.yaml:2:1: invalid YAML: a tab indents this line: YAML indents with spaces only",
		"alias bomb":   "swarm.yaml:6:8: aliases and merge keys expand the document to more than 100000 values (a YAML alias bomb?)",
		"binary":       "swarm.yaml:1:8: file is not UTF-8 text (binary data here): YAML must be text",
		"invalid utf8": "swarm.yaml:2:7: file is not UTF-8 text",
		"empty":        "swarm.yaml:1:1: file is empty",
		"only comment": "swarm.yaml:1:1: file is empty",
		"scalar":       "swarm.yaml:1:1: a swarm file must be a YAML mapping",
		"list":         "swarm.yaml:1:1: a swarm file must be a YAML mapping",
		"two docs":     "swarm.yaml:8:1: a swarm file holds one Swarm document",
		"wrong types":  "swarm.yaml:1:13: apiVersion: must be agentscale.dev/v1alpha1",
		"unknown":      "swarm.yaml:6:29: roles[0].colour: unknown field",
		"dup keys":     `swarm.yaml:8:7: duplicate key "name" (first set at line 6)`,
		"deep":         "swarm.yaml:1:104: nesting deeper than 100 levels",
		"many values":  "swarm.yaml:1:200004: document holds more than 100000 values",
		"self merge":   "apiVersion",
		"huge int":     "roles[0].replicas: must be <= 100000",
		"nan":          `".nan" is not a finite number`,
		"binary tag":   "binary values are not supported",
		"bom and crlf": "swarm.yaml:6:29: roles[0].replica: unknown field",
		"wide chars":   "swarm.yaml:6:31: roles[0].replica: unknown field",
		"unclosed":     "swarm.yaml:1:1: invalid YAML: did not find expected node content",
		"bad indent":   "swarm.yaml:2:2: invalid YAML: `c:` (column 2) is indented more than `a:` on line 1 (column 1), which has a value and so cannot hold keys: move it to column 1",
		"merge scalar": "swarm.yaml:1:9: a merge key (<<) needs a mapping or a list of mappings",
		"a manifest":   "swarm.yaml:2:7: kind: this is a Kubernetes manifest (apps/v1 Deployment), not a swarm file (lint and simulate read manifests)",
		"swarm typos":  `swarm.yaml:2:7: kind: must be one of Swarm, Cluster (got Swarms) (did you mean "Swarm"?)`,
		"manifests":    "swarm.yaml:2:7: kind: this is a Kubernetes manifest (v1 Service), not a swarm file",
	}
	for name, data := range badInputs() {
		t.Run(name, func(t *testing.T) {
			var before runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			s, errs := Parse("swarm.yaml", data, Options{})
			elapsed := time.Since(start)
			var after runtime.MemStats
			runtime.ReadMemStats(&after)
			if s != nil || len(errs) == 0 {
				t.Fatalf("Parse accepted bad input")
			}
			if !strings.Contains(errs.Error(), want[name]) {
				t.Errorf("errors:\n%s\nwant one containing %q", errs, want[name])
			}
			for _, e := range errs {
				if e.Pos.File != "swarm.yaml" {
					t.Errorf("error without a file: %v", e)
				}
			}
			if elapsed > time.Second {
				t.Errorf("took %v; bad input must be refused within a second", elapsed)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 200<<20 {
				t.Errorf("allocated %d MiB; bad input must be refused in bounded memory", alloc>>20)
			}
		})
	}
}

func TestLoadFiles(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.yaml")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(50 << 20); err != nil { // 50 MB, sparse
		t.Fatal(err)
	}
	f.Close()
	valid := filepath.Join(dir, "swarm.yaml")
	if err := os.WriteFile(valid, []byte(head+"    - {name: a, image: x:1}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	unreadable := filepath.Join(dir, "secret.yaml")
	if err := os.WriteFile(unreadable, []byte("x"), 0o000); err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		name, path string
		stdin      []byte
		wantErr    string // "" for success
		input      bool   // an input problem (exit 1), not an unreadable path (exit 2)
	}{
		{"valid file", valid, nil, "", false},
		{"stdin is named <stdin>", "-", []byte(head + "    - {name: a, image: x:1, replica: 2}\n"), "<stdin>:6:29: roles[0].replica: unknown field", true},
		{"stdin too large", "-", bytes.Repeat([]byte("#"), MaxFileSize+1), "<stdin>: input is more than 8 MiB; a swarm file may be at most 8 MiB", true},
		{"50 MB file", big, nil, big + ": file is 50.0 MiB; a swarm file may be at most 8 MiB", true},
		{"directory", dir, nil, dir + ": is a directory, not a swarm file", true},
		{"missing path", filepath.Join(dir, "nope.yaml"), nil, "no such file or directory", false},
	}
	if os.Geteuid() != 0 { // root reads anything
		cases = append(cases, struct {
			name, path string
			stdin      []byte
			wantErr    string
			input      bool
		}{"unreadable path", unreadable, nil, "permission denied", false})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			s, err := Load(c.path, bytes.NewReader(c.stdin), Options{})
			if time.Since(start) > time.Second {
				t.Errorf("took %v", time.Since(start))
			}
			if c.wantErr == "" {
				if err != nil || s == nil {
					t.Fatalf("Load: %v", err)
				}
				if s.File != c.path {
					t.Errorf("File = %q, want %q", s.File, c.path)
				}
				return
			}
			if err == nil {
				t.Fatal("Load succeeded")
			}
			if !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("error %q, want it to contain %q", err, c.wantErr)
			}
			if IsInputError(err) != c.input {
				t.Errorf("IsInputError = %v, want %v", IsInputError(err), c.input)
			}
			if !c.input && !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, fs.ErrPermission) {
				t.Errorf("unreadable path error %v is not an fs error", err)
			}
		})
	}
}
