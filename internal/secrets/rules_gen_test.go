package secrets_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/agentscale/agentscale/internal/secrets/rulesgen"
)

// rules_gen.go is what hack/gitleaksgen writes for the gitleaks version
// go.mod pins: bumping gitleaks without regenerating fails here.
func TestRulesGenIsCurrent(t *testing.T) {
	version, err := rulesgen.Version()
	if err != nil {
		// A test binary has no module dependency list of its own; the
		// version is the one the module graph resolves.
		version = pinnedVersion(t)
	}
	want, err := rulesgen.Source(version)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("rules_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("internal/secrets/rules_gen.go is not current for gitleaks %s: run go generate ./internal/secrets", version)
	}
}

// pinnedVersion reads gitleaks' version from go.mod.
func pinnedVersion(t *testing.T) string {
	data, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range bytes.Split(data, []byte("\n")) {
		f := bytes.Fields(line)
		if len(f) >= 2 && string(f[0]) == "github.com/zricethezav/gitleaks/v8" {
			return string(f[1])
		}
	}
	t.Fatal("go.mod does not require gitleaks")
	return ""
}
