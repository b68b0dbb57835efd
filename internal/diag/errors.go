// Package diag holds what every reader of user input reports: a position
// in a file and an error at it, printed as file:line:col: path: message.
package diag

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Error is one problem in an input file: where it is, which field, and what
// is wrong. Path uses the form users read in the file, e.g.
// "roles[1].replicas.max" (the leading "spec." is dropped).
type Error struct {
	Pos  Pos
	Path string
	Msg  string
}

func (e *Error) Error() string {
	if e.Path == "" {
		return fmt.Sprintf("%s: %s", e.Pos, e.Msg)
	}
	return fmt.Sprintf("%s: %s: %s", e.Pos, e.Path, e.Msg)
}

// ErrorList is a set of errors, sorted by position, without repeats.
type ErrorList []*Error

func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Err returns l as an error, or nil when it is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Sort orders errors by position, then path and message, and drops exact repeats.
func (l *ErrorList) Sort() {
	s := *l
	sort.SliceStable(s, func(i, j int) bool {
		a, b := s[i], s[j]
		if a.Pos != b.Pos {
			return a.Pos.Before(b.Pos)
		}
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Msg < b.Msg
	})
	out := s[:0]
	for i, e := range s {
		if i > 0 && *e == *s[i-1] {
			continue
		}
		out = append(out, e)
	}
	*l = out
}

// AsErrorList returns the input errors in err: an ErrorList, or a single
// *Error as a list of one. ok is false for any other error.
func AsErrorList(err error) (list ErrorList, ok bool) {
	var one *Error
	switch {
	case errors.As(err, &list):
		return list, true
	case errors.As(err, &one):
		return ErrorList{one}, true
	}
	return nil, false
}

// IsInputError reports whether err is a problem with the input (exit 1)
// rather than a failure to read it (exit 2).
func IsInputError(err error) bool {
	_, ok := AsErrorList(err)
	return ok
}

// Errorf returns an error at pos.
func Errorf(pos Pos, format string, args ...any) *Error {
	return &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}
