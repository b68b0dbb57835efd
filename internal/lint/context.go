package lint

import "fmt"

// Context is what a rule's Check sees: the objects of one lint run and a
// way to report. Each rule gets its own Context; the objects and the index
// behind them are shared and must not be modified.
type Context struct {
	*index
	rule     *Rule
	findings []pending
}

// pending is a finding whose position is resolved later, and only if no
// suppression drops it (a manifest's field positions cost a re-parse).
type pending struct {
	obj *Object
	at  Where
	sev Severity
	msg string
}

// Rule is the rule being run.
func (c *Context) Rule() *Rule { return c.rule }

// Report records a finding of the rule's default severity about field at of
// object o. The message is one sentence, lower-case, without a final period,
// and names the part it is about (container, trigger, ...).
func (c *Context) Report(o *Object, at Where, format string, args ...any) {
	c.ReportSeverity(c.rule.Severity, o, at, format, args...)
}

// ReportSeverity is Report with a severity chosen for this finding (e.g.
// missing-pdb is an error for hard-stateful roles).
func (c *Context) ReportSeverity(sev Severity, o *Object, at Where, format string, args ...any) {
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	c.findings = append(c.findings, pending{obj: o, at: at, sev: sev, msg: msg})
}
