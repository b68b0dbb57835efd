package main

import (
	"bytes"
	"strings"
	"testing"
)

// cliResult is one in-process run of the command line.
type cliResult struct {
	code           int
	stdout, stderr string
}

// cli runs agentscale in-process, as main would, with stdin as its input.
func cli(t testing.TB, stdin string, args ...string) cliResult {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errOut)
	return cliResult{code: code, stdout: out.String(), stderr: errOut.String()}
}

// cliCase is a table row: arguments, stdin, and the exact expected result.
type cliCase struct {
	name   string
	args   []string
	stdin  string
	code   int
	stdout string // exact, unless it starts with "~": then a substring
	stderr string // same convention
}

func (c cliCase) check(t *testing.T) {
	t.Helper()
	got := cli(t, c.stdin, c.args...)
	if got.code != c.code {
		t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", got.code, c.code, got.stdout, got.stderr)
	}
	match := func(stream, got, want string) {
		if strings.HasPrefix(want, "~") {
			if !strings.Contains(got, want[1:]) {
				t.Errorf("%s %q does not contain %q", stream, got, want[1:])
			}
		} else if got != want {
			t.Errorf("%s:\n got %q\nwant %q", stream, got, want)
		}
	}
	match("stdout", got.stdout, c.stdout)
	match("stderr", got.stderr, c.stderr)
}
