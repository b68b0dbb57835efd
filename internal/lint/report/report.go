package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/agentscale/agentscale/internal/lint"
)

// Formats are the output formats, in the order help lists them.
var Formats = []string{"text", "json", "sarif", "github"}

// Options choose how findings are printed.
type Options struct {
	// Format is one of Formats.
	Format string
	// Color adds ANSI colours to text output (a terminal, NO_COLOR unset).
	Color bool
	// Version returns the tool's version, written into SARIF; only SARIF
	// asks for it (reading a binary's build info is not free). nil: none.
	Version func() string
	// Unread are the paths the tool was given and could not read. They
	// are not findings (nothing was checked; the exit code is 2), but a
	// machine format carries them so a consumer of the document alone
	// knows the run was incomplete. Text output leaves them to stderr.
	Unread []lint.Unread
	// Unchecked are the paths that were read but could not be checked, for
	// the same reason carried the same way.
	Unchecked []lint.Unchecked
}

// notChecked is a path an incomplete run did not check, and why, in the
// words stderr uses.
type notChecked struct{ file, text string }

// incomplete lists the paths of an incomplete run.
func (o Options) incomplete() []notChecked {
	var out []notChecked
	for _, u := range o.Unread {
		out = append(out, notChecked{u.File, u.String()})
	}
	for _, f := range o.Unchecked {
		out = append(out, notChecked{f.File, f.String()})
	}
	return out
}

// Write prints the findings in the chosen format. reg supplies the rules'
// fix hints and SARIF metadata.
func Write(w io.Writer, fs []lint.Finding, reg *lint.Registry, opts Options) error {
	switch opts.Format {
	case "text", "":
		return Text(w, fs, reg, opts.Color)
	case "json":
		return JSON(w, fs, reg, opts)
	case "sarif":
		return SARIF(w, fs, reg, opts)
	case "github":
		return GitHub(w, fs, opts)
	}
	return fmt.Errorf("unknown format %q (want %s)", opts.Format, strings.Join(Formats, ", "))
}

// ValidFormat reports whether f is one of Formats.
func ValidFormat(f string) bool {
	for _, x := range Formats {
		if x == f {
			return true
		}
	}
	return false
}

// fix returns the fix hint of a finding's rule.
func fix(reg *lint.Registry, id string) string {
	if r := reg.Lookup(id); r != nil {
		return r.Fix
	}
	return ""
}
