package spec

import (
	"strings"

	"github.com/agentscale/agentscale/internal/diag"
)

// The spec's errors are the shared diagnostics (see internal/diag).
type (
	Pos       = diag.Pos
	Error     = diag.Error
	ErrorList = diag.ErrorList
)

// AsErrorList returns the input errors in err; see diag.AsErrorList.
func AsErrorList(err error) (ErrorList, bool) { return diag.AsErrorList(err) }

// IsInputError reports whether err is a problem with the input (exit 1)
// rather than a failure to read it (exit 2).
func IsInputError(err error) bool { return diag.IsInputError(err) }

// displayPath turns an internal path ("spec.roles[1].x") into the form
// printed to users ("roles[1].x").
// DisplayPath is a path as messages show it: without the leading "spec.".
func DisplayPath(p string) string { return strings.TrimPrefix(p, "spec.") }

func displayPath(p string) string { return DisplayPath(p) }
