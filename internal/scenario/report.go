package scenario

import (
	"bufio"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/agentscale/agentscale/internal/diag"
	"github.com/agentscale/agentscale/internal/ghactions"
	"github.com/agentscale/agentscale/internal/simulate"
	"github.com/agentscale/agentscale/internal/simulate/output"
)

// Formats are the values of agentscale test -o.
var Formats = []string{"text", "json", "junit", "github"}

// Write reports outcomes in format (one of Formats). stopped are the
// problems that kept a file or a scenario from running (a bad load, an
// invalid file): a report that left them out would pass a run in which
// they never ran.
func Write(w io.Writer, format string, outs []*Outcome, stopped diag.ErrorList) error {
	switch format {
	case "text", "":
		return Text(w, outs, len(stopped))
	case "json":
		return JSON(w, outs, stopped)
	case "junit":
		return JUnit(w, outs, stopped)
	case "github":
		return GitHub(w, outs, stopped)
	}
	return fmt.Errorf("unknown output format %q (want %s)", format, strings.Join(Formats, ", "))
}

// subject names what a check is about: scenario/role, or scenario/budget.
func subject(o *Outcome, c Check) string {
	if c.Role == "" {
		return o.Name + "/budget"
	}
	return o.Name + "/" + c.Role
}

// Text prints each scenario's verdict and every check, measured against
// expected; a failed check is a file:line:col: line at its expectation.
// stopped counts the problems that kept scenarios from running, which the
// command has printed on standard error.
func Text(w io.Writer, outs []*Outcome, stopped int) error {
	b := bufio.NewWriter(w)
	checks, failedChecks, failed := 0, 0, 0
	for _, o := range outs {
		f := o.Failed()
		verdict := "PASS"
		if len(f) > 0 {
			verdict = "FAIL"
			failed++
		}
		checks += len(o.Checks)
		failedChecks += len(f)
		fmt.Fprintf(b, "%s %s (%s)\n", verdict, o.Name, plural(len(o.Checks), "check"))
		for _, c := range o.Checks {
			if c.Pass {
				fmt.Fprintf(b, "    ok  %s: %s\n", strings.TrimPrefix(subject(o, c), o.Name+"/"), c.Msg)
			} else {
				fmt.Fprintf(b, "%s: %s: %s\n", c.Pos, subject(o, c), c.Msg)
			}
		}
		if len(f) > 0 && len(o.Findings()) > 0 {
			fmt.Fprintf(b, "  findings\n%s", output.Findings(o.Findings(), "    "))
		}
	}
	notRun := ""
	if stopped > 0 {
		notRun = fmt.Sprintf("; %s kept scenarios from running (on standard error)", plural(stopped, "problem"))
	}
	switch {
	case len(outs) == 0 && stopped == 0:
		fmt.Fprintln(b, "no scenarios ran")
	case len(outs) == 0:
		fmt.Fprintf(b, "FAIL: no scenarios ran%s\n", notRun)
	case failed == 0 && stopped == 0:
		fmt.Fprintf(b, "ok: %s, %s passed\n", plural(len(outs), "scenario"), plural(checks, "check"))
	case failed == 0:
		fmt.Fprintf(b, "FAIL: %s, %s passed%s\n", plural(len(outs), "scenario"), plural(checks, "check"), notRun)
	default:
		fmt.Fprintf(b, "FAIL: %d of %s failed (%d of %s)%s\n", failed, plural(len(outs), "scenario"), failedChecks, plural(checks, "check"), notRun)
	}
	return b.Flush()
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

type jsonReport struct {
	Pass      bool           `json:"pass"`
	Scenarios []jsonScenario `json:"scenarios"`
	// Errors kept files or scenarios from running; any fails the report.
	Errors []jsonError `json:"errors"`
}

type jsonError struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Path    string `json:"path,omitempty"`
	Message string `json:"message"`
}

type jsonScenario struct {
	File   string      `json:"file"`
	Name   string      `json:"name"`
	Line   int         `json:"line"`
	Column int         `json:"column"`
	Pass   bool        `json:"pass"`
	Checks []jsonCheck `json:"checks"`
	// Findings are the run's verdicts (simulate's), passing or not.
	Findings []output.JSONFinding `json:"findings"`
}

type jsonCheck struct {
	Role        string `json:"role,omitempty"`
	Expectation string `json:"expectation"`
	Expected    string `json:"expected"`
	Measured    string `json:"measured"`
	Pass        bool   `json:"pass"`
	Message     string `json:"message"`
	Path        string `json:"path"`
	Line        int    `json:"line"`
	Column      int    `json:"column"`
}

// JSON prints one object: pass, and per scenario its checks.
func JSON(w io.Writer, outs []*Outcome, stopped diag.ErrorList) error {
	rep := jsonReport{Pass: len(stopped) == 0, Scenarios: []jsonScenario{}, Errors: []jsonError{}}
	for _, e := range stopped {
		rep.Errors = append(rep.Errors, jsonError{File: e.Pos.File, Line: e.Pos.Line, Column: e.Pos.Col, Path: e.Path, Message: e.Msg})
	}
	for _, o := range outs {
		js := jsonScenario{File: o.File, Name: o.Name, Line: o.Pos.Line, Column: o.Pos.Col, Pass: o.Passed(), Checks: []jsonCheck{},
			Findings: output.JSONFindings(o.Findings())}
		rep.Pass = rep.Pass && js.Pass
		for _, c := range o.Checks {
			js.Checks = append(js.Checks, jsonCheck{
				Role: c.Role, Expectation: c.Name, Expected: c.Want, Measured: c.Got, Pass: c.Pass,
				Message: c.Msg, Path: c.Path, Line: c.Pos.Line, Column: c.Pos.Col,
			})
		}
		rep.Scenarios = append(rep.Scenarios, js)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(rep)
}

// JUnit XML, as CI systems read test reports: a testsuite per file, a
// testcase per scenario, role and expectation.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	// Error is JUnit's "could not run", as against a failed check.
	Error  *junitFailure `xml:"error,omitempty"`
	Output string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// JUnit writes JUnit XML; a problem that kept a file or scenario from
// running is a testcase with an <error>.
func JUnit(w io.Writer, outs []*Outcome, stopped diag.ErrorList) error {
	var rep junitSuites
	index := map[string]int{}
	suite := func(file string) *junitSuite {
		i, ok := index[file]
		if !ok {
			i = len(rep.Suites)
			index[file] = i
			rep.Suites = append(rep.Suites, junitSuite{Name: file})
		}
		return &rep.Suites[i]
	}
	for _, e := range stopped {
		s := suite(e.Pos.File)
		s.Cases = append(s.Cases, junitCase{Name: "could not run", Classname: strings.TrimSuffix(e.Pos.File, ".yaml"),
			File: e.Pos.File, Line: e.Pos.Line, Error: &junitFailure{Message: e.Msg, Type: "error", Text: e.Error() + "\n"}})
		s.Tests++
		s.Errors++
	}
	for _, o := range outs {
		s := suite(o.File)
		for _, c := range o.Checks {
			jc := junitCase{
				Name: subject(o, c) + "/" + c.Name, Classname: strings.TrimSuffix(o.File, ".yaml") + "." + o.Name,
				File: c.Pos.File, Line: c.Pos.Line,
			}
			if c.Pass {
				jc.Output = c.Msg
			} else {
				text := fmt.Sprintf("%s: %s: %s\n", c.Pos, subject(o, c), c.Msg)
				if fs := roleFindings(o, c.Role); len(fs) > 0 {
					text += "\nfindings\n" + output.Findings(fs, "  ")
				}
				jc.Failure = &junitFailure{Message: c.Msg, Type: c.Name, Text: text}
				s.Failures++
			}
			s.Cases = append(s.Cases, jc)
			s.Tests++
		}
	}
	for _, s := range rep.Suites {
		rep.Tests += s.Tests
		rep.Failures += s.Failures
		rep.Errors += s.Errors
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(rep); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// GitHub writes an ::error annotation per problem that kept something from
// running and per failed check, at its expectation, and a ::warning per finding of a failed scenario, at the
// scenario.
func GitHub(w io.Writer, outs []*Outcome, stopped diag.ErrorList) error {
	b := bufio.NewWriter(w)
	for _, e := range stopped {
		if err := ghactions.Annotation(b, "error", e.Pos.File, e.Pos.Line, e.Pos.Col, "agentscale test: could not run", e.Msg); err != nil {
			return err
		}
	}
	for _, o := range outs {
		failed := o.Failed()
		for _, c := range failed {
			if err := ghactions.Annotation(b, "error", c.Pos.File, c.Pos.Line, c.Pos.Col, "agentscale test: "+subject(o, c), c.Msg); err != nil {
				return err
			}
		}
		if len(failed) == 0 {
			continue
		}
		for _, f := range o.Findings() {
			title := fmt.Sprintf("agentscale test: %s/%s: %s", o.Name, f.Role, f.Kind)
			if err := ghactions.Annotation(b, "warning", o.Pos.File, o.Pos.Line, o.Pos.Col, title, f.Text+". Fix: "+f.Fix); err != nil {
				return err
			}
		}
	}
	return b.Flush()
}

// roleFindings are the findings of o's run about role ("" for a budget
// check: all of them).
func roleFindings(o *Outcome, role string) []simulate.Finding {
	if role == "" {
		return o.Findings()
	}
	var fs []simulate.Finding
	for _, f := range o.Findings() {
		if f.Role == role {
			fs = append(fs, f)
		}
	}
	return fs
}
