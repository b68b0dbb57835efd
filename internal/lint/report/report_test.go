package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"regexp"
	"strings"
	"testing"

	"github.com/agentscale/agentscale/internal/lint"
	"github.com/agentscale/agentscale/internal/spec"
)

// update is accepted so that `go test ./... -run Golden -update` runs here
// too; the golden outputs of every format live in testdata/lint (TestGolden
// in internal/lint).
var _ = flag.Bool("update", false, "no golden files in this package")

var (
	testRule = &lint.Rule{ID: "test-rule", Severity: lint.Warning, Why: "Why.", Fix: "Fix it."}
	reg      = lint.MustRegistry(testRule)
	findings = []lint.Finding{
		{Pos: spec.Pos{File: "a,b:c.yaml", Line: 3, Col: 5}, Rule: "test-rule", Severity: lint.Warning, Message: "100% wrong\nreally", Object: "Deployment x"},
		{Pos: spec.Pos{File: "./dir/s.yaml"}, Rule: "parse-error", Severity: lint.Error, Message: "bad"},
		{Pos: spec.Pos{File: "s.yaml", Line: 1, Col: 1}, Rule: "test-rule", Severity: lint.Info, Message: "note"},
	}
)

func TestTextIsQuietWhenClean(t *testing.T) {
	for _, f := range []string{"text", "github"} {
		var buf bytes.Buffer
		if err := Write(&buf, nil, reg, Options{Format: f, Color: true}); err != nil || buf.Len() != 0 {
			t.Errorf("%s printed %q (%v) for no findings", f, buf.String(), err)
		}
	}
}

func TestText(t *testing.T) {
	var buf bytes.Buffer
	if err := Text(&buf, findings[:2], reg, false); err != nil {
		t.Fatal(err)
	}
	want := "a,b:c.yaml:3:5: warning test-rule: 100% wrong\nreally\n    fix: Fix it.\n" +
		"./dir/s.yaml: error parse-error: bad\n    fix: Fix the YAML or JSON at the position shown; a file refused whole must be a regular file within the size limit.\n" +
		"2 problems (1 error, 1 warning)\n"
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
	// A rule's fix comes once, at its first finding.
	buf.Reset()
	Text(&buf, findings[:3], reg, false)
	if n := strings.Count(buf.String(), "fix: Fix it."); n != 1 {
		t.Errorf("test-rule's fix printed %d times, want once:\n%s", n, buf.String())
	}
	buf.Reset()
	Text(&buf, findings[:1], reg, true)
	if !strings.Contains(buf.String(), "\x1b[33mwarning\x1b[0m") {
		t.Errorf("no colour: %q", buf.String())
	}
}

func TestGitHub(t *testing.T) {
	var buf bytes.Buffer
	if err := GitHub(&buf, findings, Options{}); err != nil {
		t.Fatal(err)
	}
	want := "::warning file=a%2Cb%3Ac.yaml,line=3,col=5,title=test-rule::100%25 wrong%0Areally\n" +
		"::error file=./dir/s.yaml,title=parse-error::bad\n" +
		"::notice file=s.yaml,line=1,col=1,title=test-rule::note\n"
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
}

func TestSARIF(t *testing.T) {
	var buf bytes.Buffer
	if err := SARIF(&buf, findings, reg, Options{Version: func() string { return "v1.2.3" }}); err != nil {
		t.Fatal(err)
	}
	var log sarifLog
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if log.Version != "2.1.0" || run.Tool.Driver.Version != "v1.2.3" || len(run.Results) != 3 {
		t.Fatalf("log %+v", log)
	}
	for _, r := range run.Results {
		if rule := run.Tool.Driver.Rules[r.RuleIndex]; rule.ID != r.RuleID {
			t.Errorf("result %s points at rule %s", r.RuleID, rule.ID)
		}
	}
	if loc := run.Results[1].Locations[0].PhysicalLocation; loc.ArtifactLocation.URI != "dir/s.yaml" || loc.Region != nil {
		t.Errorf("file-level finding: %+v", loc)
	}
	if r := run.Results[0]; r.Level != "warning" || r.Locations[0].PhysicalLocation.Region.StartLine != 3 {
		t.Errorf("result %+v", r)
	}
	if run.Results[2].Level != "note" {
		t.Errorf("info is %q, want note", run.Results[2].Level)
	}
}

func TestJSON(t *testing.T) {
	var buf bytes.Buffer
	if err := JSON(&buf, findings, reg, Options{}); err != nil {
		t.Fatal(err)
	}
	var r jsonReport
	if err := json.Unmarshal(buf.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	if r.Version != 1 || len(r.Findings) != 3 || r.Summary != (jsonSummary{Errors: 1, Warnings: 1, Infos: 1}) || r.Findings[0].Fix != "Fix it." {
		t.Errorf("report %+v", r)
	}
}

// An incomplete run says so in every machine format: the paths it could
// not read and those it read but could not check, in stderr's words.
func TestIncompleteRun(t *testing.T) {
	opts := Options{
		Unread:    []lint.Unread{{File: "gone.yaml", Message: "no such file or directory"}},
		Unchecked: []lint.Unchecked{{File: "swarm.yaml", Message: "building environment prod: boom"}},
	}
	for _, tc := range []struct{ format, want string }{
		{"json", `"unread": [
    {
      "file": "gone.yaml",
      "message": "no such file or directory"
    }
  ],
  "unchecked": [
    {
      "file": "swarm.yaml",
      "message": "building environment prod: boom"
    }
  ]`},
		{"github", "::error file=gone.yaml,title=agentscale::cannot read gone.yaml: no such file or directory\n" +
			"::error file=swarm.yaml,title=agentscale::swarm.yaml: building environment prod: boom\n"},
	} {
		var buf bytes.Buffer
		opts.Format = tc.format
		if err := Write(&buf, nil, reg, opts); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), tc.want) {
			t.Errorf("%s lacks\n%s\ngot:\n%s", tc.format, tc.want, &buf)
		}
	}
	var buf bytes.Buffer
	opts.Format = "sarif"
	if err := Write(&buf, nil, reg, opts); err != nil {
		t.Fatal(err)
	}
	var log sarifLog
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	inv := log.Runs[0].Invocations
	if len(inv) != 1 || inv[0].ExecutionSuccessful || len(inv[0].ToolExecutionNotifications) != 2 ||
		inv[0].ToolExecutionNotifications[1].Message.Text != "swarm.yaml: building environment prod: boom" ||
		inv[0].ToolExecutionNotifications[1].Locations[0].PhysicalLocation.ArtifactLocation.URI != "swarm.yaml" {
		t.Errorf("sarif invocations: %+v", inv)
	}
}

func TestExplainAndList(t *testing.T) {
	var buf bytes.Buffer
	Explain(&buf, testRule)
	if !strings.HasPrefix(buf.String(), "test-rule (warning)\n\nWhy: Why.\n\nFix: Fix it.\n") || !strings.Contains(buf.String(), "lint: {rules: {test-rule: off}}") {
		t.Errorf("explain:\n%s", buf.String())
	}
	buf.Reset()
	Explain(&buf, lint.ParseError)
	if !strings.Contains(buf.String(), "cannot be switched off") {
		t.Errorf("explain of a required rule:\n%s", buf.String())
	}
	buf.Reset()
	ListRules(&buf, reg)
	if !regexp.MustCompile(`(?m)^test-rule +warning +Why\.$`).MatchString(buf.String()) {
		t.Errorf("list:\n%s", buf.String())
	}
}
