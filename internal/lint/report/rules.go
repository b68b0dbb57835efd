package report

import (
	"bufio"
	"fmt"
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

// Explain prints everything about one rule.
func Explain(w io.Writer, r *lint.Rule) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "%s (%s)\n\nWhy: %s\nFix: %s\n", r.ID, r.Severity, r.Why, r.Fix)
	if r.Required {
		fmt.Fprintln(b, "\nThis rule reports input that was not linted; it cannot be switched off or suppressed.")
	} else {
		fmt.Fprintf(b, "\nSuppress it for one role with lint.ignore: [{rule: %s, reason: ...}], for one\n", r.ID)
		fmt.Fprintf(b, "object with the annotations %s: %s and %s,\n", lint.AnnotationIgnore, r.ID, lint.AnnotationIgnoreReason)
		fmt.Fprintf(b, "or everywhere with lint.rules.%s: off in .agentscale.yaml.\n", r.ID)
	}
	return b.Flush()
}
