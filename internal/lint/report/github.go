package report

import (
	"bufio"
	"io"

	"github.com/agentscale/agentscale/internal/ghactions"
	"github.com/agentscale/agentscale/internal/lint"
)

// GitHub prints GitHub Actions workflow commands, one per finding:
// ::error file=F,line=L,col=C,title=RULE::MESSAGE (warning and notice for
// the lower severities). GitHub shows them as annotations on the diff. A
// path that could not be read or checked is an error annotation on that
// path, saying so as stderr does.
func GitHub(w io.Writer, fs []lint.Finding, opts Options) error {
	b := bufio.NewWriter(w)
	for _, n := range opts.incomplete() {
		if err := ghactions.Annotation(b, "error", n.file, 0, 0, "agentscale", n.text); err != nil {
			return err
		}
	}
	for _, f := range fs {
		level := "error"
		switch f.Severity {
		case lint.Warning:
			level = "warning"
		case lint.Info:
			level = "notice"
		}
		if err := ghactions.Annotation(b, level, f.Pos.File, f.Pos.Line, f.Pos.Col, f.Rule, f.Message); err != nil {
			return err
		}
	}
	return b.Flush()
}
