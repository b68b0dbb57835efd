package krm_test

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/agentscale/agentscale/internal/krm"
	"github.com/agentscale/agentscale/internal/spec"
)

var update = flag.Bool("update", false, "rewrite the golden files from the current output")

// TestGolden runs each testdata/<case>/input.yaml through the function and
// compares stdout with output.yaml. Invalid inputs still produce a
// ResourceList (with results), plus a spec.ErrorList error.
func TestGolden(t *testing.T) {
	tests := []struct {
		dir     string
		opts    krm.Options
		wantErr string // substring of the returned error, "" for none
	}{
		{dir: "generate"},
		{dir: "env", opts: krm.Options{Env: "prod"}},
		{dir: "invalid", wantErr: `functionConfig:17:15: roles[0].replicas: must be >= 0`},
		{dir: "no-function-config", wantErr: "<stdin>:1:1: the ResourceList has no functionConfig"},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join("testdata", tt.dir, "input.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			err = krm.Run(bytes.NewReader(in), &out, tt.opts)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("error = %v, want one containing %q", err, tt.wantErr)
			case tt.wantErr != "" && !spec.IsInputError(err):
				t.Fatalf("error %T is not an input error (exit 1)", err)
			}
			golden(t, filepath.Join("testdata", tt.dir, "output.yaml"), out.Bytes())
		})
	}
}

// TestRejectsInput covers stdin that is not one ResourceList: an input
// error and nothing written, never bare items passed through.
func TestRejectsInput(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", "reads one ResourceList"},
		{"other kind", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n", "reads one ResourceList"},
		{"two documents", "kind: ResourceList\n---\nkind: ResourceList\n", "reads one ResourceList"},
		{"scalar", "just text\n", "reads one ResourceList"},
		{"bad yaml", "kind: [ResourceList\n", "<stdin>:1:1: invalid YAML"},
		// kyaml would die of a stack overflow on these.
		{"alias loop", "kind: ResourceList\nitems: &a [*a]\n", "<stdin>:2:12: alias *a refers to a value that contains it (a cycle)"},
		{"merge loop", "kind: ResourceList\nfunctionConfig: &a {<<: *a}\n", "<stdin>:2:25: merge key (<<) merges a mapping into itself"},
		{"alias bomb", "kind: ResourceList\nx: &a [" + strings.Repeat("y", 1<<16) + "]\nitems: [" + strings.Repeat("*a, ", 100) + "]\n", "aliases and merge keys copy more than 1 MiB"},
		{"garbage items", "kind: ResourceList\nitems:\n  - just text\n  - {kind: ConfigMap}\n", "<stdin>:3:5: items[0]: must be a Kubernetes object"},
		{"orchestrator annotations that disagree", "kind: ResourceList\nitems:\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: x, annotations: {config.kubernetes.io/index: \"1\", internal.config.kubernetes.io/index: \"2\"}}}\n", "<stdin>:3:73: items[0].metadata.annotations: config.kubernetes.io/index \"1\" and internal.config.kubernetes.io/index \"2\" disagree"},
		{"items not a list", "kind: ResourceList\nitems: text\n", "<stdin>:2:8: items: must be a list"},
		{"binary", "kind: ResourceList\x00\n", "<stdin>:1:19: file is not UTF-8 text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			err := krm.Run(strings.NewReader(tt.in), &out, krm.Options{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want one containing %q", err, tt.want)
			}
			var list spec.ErrorList
			if !errors.As(err, &list) {
				t.Errorf("error %T is not a spec.ErrorList", err)
			}
			if out.Len() > 0 {
				t.Errorf("wrote %q for rejected input", out.String())
			}
		})
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run with -update and review the diff):\n%s", path, got)
	}
}
