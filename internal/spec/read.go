package spec

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// MaxFileSize bounds what the loader reads. A 1,000-role swarm is well under
// 1 MiB; anything near the limit is a mistake (or an attack), and is refused
// before it costs memory.
const MaxFileSize = 8 << 20

// StdinName is how positions name standard input.
const StdinName = "<stdin>"

// ReadFile reads path ("-" reads stdin) within MaxFileSize. Problems with the
// input itself (a directory, a file too large) are *Error values; a path that
// cannot be read at all is returned as the operating system's error.
func ReadFile(path string, stdin io.Reader) ([]byte, error) {
	var r io.Reader
	if path == "-" {
		if stdin == nil {
			return nil, errors.New("no standard input")
		}
		r = stdin
	} else {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil {
			return nil, err
		}
		if st.IsDir() {
			return nil, &Error{Pos: Pos{File: path}, Msg: "is a directory: name a swarm file"}
		}
		if st.Size() > MaxFileSize {
			return nil, tooLarge(path, st.Size())
		}
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileSize {
		return nil, tooLarge(path, int64(len(data)))
	}
	return data, nil
}

func tooLarge(path string, size int64) *Error {
	more := ""
	if path == "-" {
		path, more = StdinName, "more than "
	}
	return &Error{Pos: Pos{File: path}, Msg: fmt.Sprintf("file is %s%.1f MiB; a swarm file may be at most %d MiB",
		more, float64(size)/(1<<20), MaxFileSize>>20)}
}

// IsInputError reports whether err is a problem with the input (exit 1)
// rather than a failure to read it (exit 2).
func IsInputError(err error) bool {
	var e *Error
	var l ErrorList
	return errors.As(err, &e) || errors.As(err, &l)
}
