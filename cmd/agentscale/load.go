package main

import (
	"errors"
	"fmt"

	"github.com/agentscale/agentscale/internal/lint"
	"github.com/agentscale/agentscale/internal/spec"
)

// loadSwarm reads and validates a swarm file. Input problems come back as
// problem errors (exit 1), unreadable paths as usage errors (exit 2).
func loadSwarm(s streams, path, env string) (*spec.Swarm, error) {
	sw, err := spec.Load(path, s.in, spec.Options{Env: env})
	switch {
	case err == nil:
		return sw, nil
	case spec.IsInputError(err):
		return nil, problem(err)
	default:
		return nil, usage(unreadError{lint.Unread{File: displayName(path), Message: unwrapPath(err).Error()}})
	}
}

// displayName is a path as messages name it: - is standard input.
func displayName(path string) string {
	if path == "-" {
		return spec.StdinName
	}
	return path
}

// unreadError is a file that could not be read, kept whole for the
// machine formats' "unread" list.
type unreadError struct{ lint.Unread }

func (e unreadError) Error() string { return e.String() }

// unwrapPath drops the path from an *os.PathError, which the caller already names.
func unwrapPath(err error) error {
	var pe interface{ Unwrap() error }
	if errors.As(err, &pe) {
		if inner := pe.Unwrap(); inner != nil {
			return inner
		}
	}
	return err
}

// isProblem reports whether err is an input problem (exit 1).
func isProblem(err error) bool {
	var ee *exitError
	return errors.As(err, &ee) && ee.code == exitProblem
}

// printProblem writes an input problem's errors, one per line, to stderr.
func printProblem(s streams, err error) {
	var ee *exitError
	if errors.As(err, &ee) && ee.err != nil {
		err = ee.err
	}
	fmt.Fprintln(s.err, err)
}

// stdinTwice reports whether paths name - (stdin) more than once.
func stdinTwice(paths []string) bool {
	n := 0
	for _, p := range paths {
		if p == "-" {
			n++
		}
	}
	return n > 1
}
