package report

import (
	"bufio"
	"encoding/json"
	"fmt"
	"github.com/agentscale/agentscale/internal/textwrap"
	"io"
	"text/tabwriter"

	"github.com/agentscale/agentscale/internal/lint"
)

// ListRules prints one line per rule: id, default severity, why.
func ListRules(w io.Writer, reg *lint.Registry) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tSEVERITY\tWHY")
	for _, r := range reg.Rules() {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.ID, r.Severity, r.Why)
	}
	return tw.Flush()
}

// Explain prints everything about one rule, wrapped for a terminal.
func Explain(w io.Writer, r *lint.Rule) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "%s (%s)\n\n%s\n\n%s\n", r.ID, r.Severity, textwrap.Wrap("Why: "+r.Why, 80, "     "), textwrap.Wrap("Fix: "+r.Fix, 80, "     "))
	if r.Required {
		fmt.Fprintln(b, "\nThis rule reports input that was not linted; it cannot be switched off or suppressed.")
	} else {
		fmt.Fprintf(b, "\nSwitch it off (suppressions need a reason):\n")
		fmt.Fprintf(b, "  for a role:     lint: {ignore: [{rule: %s, reason: ...}]}\n", r.ID)
		fmt.Fprintf(b, "  for an object:  annotations %s: %s\n", lint.AnnotationIgnore, r.ID)
		fmt.Fprintf(b, "                  and %s: ...\n", lint.AnnotationIgnoreReason)
		fmt.Fprintf(b, "  everywhere:     lint: {rules: {%s: off}} in .agentscale.yaml\n", r.ID)
	}
	return b.Flush()
}

// jsonRule is a rule as -o json prints it (lint --list-rules, explain).
type jsonRule struct {
	ID       string `json:"id"`
	Severity string `json:"severity"`
	Why      string `json:"why"`
	Fix      string `json:"fix"`
	// Required rules cannot be switched off or suppressed.
	Required bool `json:"required,omitempty"`
}

// RulesJSON prints rules as a JSON array, for tools and editors.
func RulesJSON(w io.Writer, rules []*lint.Rule) error {
	out := make([]jsonRule, len(rules))
	for i, r := range rules {
		out[i] = jsonRule{ID: r.ID, Severity: r.Severity.String(), Why: r.Why, Fix: r.Fix, Required: r.Required}
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}
