package load

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// MaxFileSize bounds a load file (a week at one row per second is ~10 MiB).
const MaxFileSize = 64 << 20

// ErrNotFound is returned by Open for an argument that is neither a file
// nor a pattern.
var ErrNotFound = errors.New("no such file, and not a load pattern")

// Open reads arg as a load: an existing file (or "-" for stdin) is a CSV,
// anything else must be a pattern. Pattern errors and unreadable files are
// the caller's usage errors; a *Error with a position is a bad file.
func Open(arg string, stdin io.Reader) (*Load, error) {
	if arg == "-" {
		data, err := io.ReadAll(io.LimitReader(stdin, MaxFileSize+1))
		if err != nil {
			return nil, err
		}
		return parseData("<stdin>", data)
	}
	st, err := os.Stat(arg)
	if err != nil {
		if IsPattern(arg) {
			return ParsePattern(arg)
		}
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("--load %s: %w (patterns: %s)", arg, ErrNotFound, Patterns)
		}
		return nil, err
	}
	if st.IsDir() {
		return nil, fmt.Errorf("--load %s: is a directory", arg)
	}
	f, err := os.Open(arg)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	return parseData(arg, data)
}

func parseData(name string, data []byte) (*Load, error) {
	if len(data) > MaxFileSize {
		return nil, &Error{Pos{name, 1}, fmt.Sprintf("load file is larger than %d MiB", MaxFileSize>>20)}
	}
	return ParseCSV(name, data)
}

// IsFileError reports whether err is a problem in a load file's content
// (exit 1), as opposed to a bad pattern or an unreadable path (exit 2).
func IsFileError(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Pos.File != ""
}
