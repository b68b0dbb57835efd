package templates_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/agentscale/agentscale/internal/spec"
	"github.com/agentscale/agentscale/templates"
)

// TestTemplatesValidate: every template is a valid swarm, carries the
// modeline, and describes itself.
func TestTemplatesValidate(t *testing.T) {
	list := templates.List()
	if len(list) < 4 {
		t.Fatalf("%d templates, want at least 4", len(list))
	}
	for _, tmpl := range list {
		t.Run(tmpl.Name, func(t *testing.T) {
			data, err := templates.Get(tmpl.Name)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(string(data), "# yaml-language-server: $schema=./"+templates.SchemaFile+"\n") {
				t.Errorf("first line is not the schema modeline")
			}
			if tmpl.Description == "" {
				t.Errorf("no description comment")
			}
			if _, errs := spec.Parse(tmpl.Name+".yaml", data, spec.Options{}); len(errs) > 0 {
				t.Errorf("template does not validate:\n%v", errs)
			}
		})
	}
	if _, err := templates.Get(templates.Default); err != nil {
		t.Errorf("default template: %v", err)
	}
}

func TestGetUnknown(t *testing.T) {
	for _, name := range []string{"nope", "../templates", "minimal.yaml", ""} {
		if _, err := templates.Get(name); err == nil || !strings.Contains(err.Error(), "defined: full, minimal, queue-worker, stateful") {
			t.Errorf("Get(%q): %v", name, err)
		}
	}
}

func TestWrite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "swarm")
	schema := []byte(`{"$id": "x"}`)
	written, err := templates.Write(dir, "queue-worker", schema, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(written) != 2 {
		t.Fatalf("wrote %v", written)
	}
	got, _ := os.ReadFile(filepath.Join(dir, templates.SwarmFile))
	want, _ := templates.Get("queue-worker")
	if string(got) != string(want) {
		t.Errorf("swarm.yaml differs from the template")
	}
	if got, _ := os.ReadFile(filepath.Join(dir, templates.SchemaFile)); string(got) != string(schema) {
		t.Errorf("schema file = %q", got)
	}

	// A second run refuses, and leaves both files untouched.
	os.WriteFile(filepath.Join(dir, templates.SwarmFile), []byte("mine"), 0o644)
	os.Remove(filepath.Join(dir, templates.SchemaFile))
	if _, err := templates.Write(dir, "minimal", schema, false); !errors.Is(err, templates.ErrExists) {
		t.Fatalf("overwrite without force: %v", err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, templates.SwarmFile)); string(got) != "mine" {
		t.Errorf("swarm.yaml overwritten without force")
	}
	if _, err := os.Stat(filepath.Join(dir, templates.SchemaFile)); err == nil {
		t.Errorf("schema written although swarm.yaml was in the way")
	}
	if _, err := templates.Write(dir, "minimal", schema, true); err != nil {
		t.Fatalf("force: %v", err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, templates.SwarmFile)); string(got) == "mine" {
		t.Errorf("force did not overwrite")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}
