package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/agentscale/agentscale/internal/lint"
)

// GitHub prints GitHub Actions workflow commands, one per finding:
// ::error file=F,line=L,col=C,title=RULE::MESSAGE (warning and notice for
// the lower severities). GitHub shows them as annotations on the diff.
func GitHub(w io.Writer, fs []lint.Finding) error {
	b := bufio.NewWriter(w)
	for _, f := range fs {
		cmd := "error"
		switch f.Severity {
		case lint.Warning:
			cmd = "warning"
		case lint.Info:
			cmd = "notice"
		}
		props := []string{"file=" + escapeProperty(f.Pos.File)}
		if f.Pos.Line > 0 {
			props = append(props, fmt.Sprintf("line=%d", f.Pos.Line))
		}
		if f.Pos.Col > 0 {
			props = append(props, fmt.Sprintf("col=%d", f.Pos.Col))
		}
		props = append(props, "title="+escapeProperty(f.Rule))
		fmt.Fprintf(b, "::%s %s::%s\n", cmd, strings.Join(props, ","), escapeData(f.Message))
	}
	return b.Flush()
}

// escapeData and escapeProperty follow @actions/core's command encoding.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
