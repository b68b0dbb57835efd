package lint_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/agentscale/agentscale/internal/lint/report"
	"github.com/agentscale/agentscale/internal/lint/rules"
)

var update = flag.Bool("update", false, "rewrite golden files and docs/rules.md")

//go:generate go test -run TestRulesDoc -update

// TestRulesDoc fails when docs/rules.md drifts from the rule declarations;
// -update (make golden, go generate) rewrites it.
func TestRulesDoc(t *testing.T) {
	var buf bytes.Buffer
	if err := report.RulesDoc(&buf, rules.Registry()); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("..", "..", "docs", "rules.md")
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run: go test ./internal/lint -run TestRulesDoc -update)", err)
	}
	if !bytes.Equal(got, buf.Bytes()) {
		t.Errorf("docs/rules.md is out of date: run go test ./internal/lint -run TestRulesDoc -update")
	}
}

// TestReadmeRuleCount holds the README's command table to the registry: the
// count drifted once as rules were added.
func TestReadmeRuleCount(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("| `lint PATH...` | %d rules over", len(rules.Registry().Rules()))
	if !bytes.Contains(data, []byte(want)) {
		t.Errorf("README.md's command table does not say %q", want)
	}
}
