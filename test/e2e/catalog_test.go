package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestKEDACatalogIsCurrent: the scaler catalogue validate, lint and
// simulate read (internal/keda/catalog/catalog_gen.go) is what the
// generator reads from the KEDA release this suite installs.
func TestKEDACatalogIsCurrent(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(env.repoRoot, "hack/kedacatalog/main.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), `const Version = "`+kedaVersion+`"`) {
		t.Fatalf("hack/kedacatalog reads a KEDA other than %s, the one this suite installs", kedaVersion)
	}
	dir, err := moduleDir("github.com/kedacore/keda/v2", kedaVersion)
	if err != nil {
		t.Fatal(err)
	}
	if r := run(nil, nil, env.repoRoot, "go", "run", "./hack/kedacatalog", "-check", "-keda", dir); r.err != nil {
		t.Fatalf("the catalogue is not current:\n%s", r)
	}
}
