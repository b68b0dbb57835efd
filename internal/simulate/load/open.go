package load

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/agentscale/agentscale/internal/diag"
	"github.com/agentscale/agentscale/internal/input"
)

// ErrNotFound is returned by Open for an argument that is neither a file
// nor a pattern.
var ErrNotFound = errors.New("no such file, and not a load pattern")

// Open reads arg as a load: an existing file (or "-" for stdin) is a CSV,
// anything else must be a pattern. Pattern errors and unreadable files are
// the caller's usage errors; a *Error with a position is a bad file (a
// device, a FIFO or a file over the limit among them: see input.Read).
func Open(arg string, stdin io.Reader) (*Load, error) {
	if arg != "-" {
		if _, err := os.Stat(arg); err != nil {
			if IsPattern(arg) {
				return ParsePattern(arg)
			}
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("--load %s: %w (patterns: %s)", arg, ErrNotFound, Patterns)
			}
			return nil, err
		}
	}
	data, err := input.Read(arg, stdin, input.Load)
	var de *diag.Error
	if errors.As(err, &de) {
		return nil, &Error{de.Pos, de.Msg}
	}
	if err != nil {
		return nil, err
	}
	name := arg
	if arg == "-" {
		name = input.StdinName
	}
	return ParseCSV(name, data)
}

// IsFileError reports whether err is a problem in a load file's content
// (exit 1), as opposed to a bad pattern or an unreadable path (exit 2).
func IsFileError(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Pos.File != ""
}
