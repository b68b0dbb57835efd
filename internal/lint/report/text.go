package report

import (
	"bufio"
	"fmt"
	"io"

	"github.com/agentscale/agentscale/internal/lint"
)

// ANSI styles for text output.
const (
	bold   = "\x1b[1m"
	dim    = "\x1b[2m"
	red    = "\x1b[31m"
	yellow = "\x1b[33m"
	blue   = "\x1b[34m"
	reset  = "\x1b[0m"
)

// Text prints one line per finding, "file:line:col: severity rule: message",
// followed by an indented fix hint at a rule's first finding only (ten
// findings of one rule share one fix, which would otherwise bury them),
// and a count at the end. It prints nothing at all when there are no
// findings.
func Text(w io.Writer, fs []lint.Finding, reg *lint.Registry, color bool) error {
	if len(fs) == 0 {
		return nil
	}
	b := bufio.NewWriter(w)
	paint := func(style, s string) string {
		if !color {
			return s
		}
		return style + s + reset
	}
	hinted := map[string]bool{}
	for _, f := range fs {
		fmt.Fprintf(b, "%s: %s %s: %s\n", paint(bold, f.Pos.String()),
			paint(severityColor(f.Severity), f.Severity.String()), paint(dim, f.Rule), f.Message)
		if hint := fix(reg, f.Rule); hint != "" && !hinted[f.Rule] {
			hinted[f.Rule] = true
			fmt.Fprintf(b, "    %s\n", paint(dim, "fix: "+hint))
		}
	}
	fmt.Fprintln(b, summary(fs))
	return b.Flush()
}

func severityColor(s lint.Severity) string {
	switch s {
	case lint.Error:
		return bold + red
	case lint.Warning:
		return yellow
	}
	return blue
}

// summary counts findings by severity: "3 problems (2 errors, 1 warning)".
func summary(fs []lint.Finding) string {
	var n [lint.Error + 1]int
	for _, f := range fs {
		n[f.Severity]++
	}
	parts := ""
	for _, s := range []lint.Severity{lint.Error, lint.Warning, lint.Info} {
		if n[s] == 0 {
			continue
		}
		if parts != "" {
			parts += ", "
		}
		parts += plural(n[s], s.String())
	}
	return fmt.Sprintf("%s (%s)", plural(len(fs), "problem"), parts)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
