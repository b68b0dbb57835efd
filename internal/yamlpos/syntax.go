package yamlpos

import (
	"bytes"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"sync"

	yaml "go.yaml.in/yaml/v3"

	"github.com/agentscale/agentscale/internal/diag"
)

var yamlLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^yaml: line (\d+): (.*)$`) })

// parserProblems are the yaml.v3 parser's messages. The parser reports
// 0-based lines (its scanner 1-based ones), so their line is one short.
var parserProblems = map[string]bool{
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"did not find expected '-' indicator":    true,
	"did not find expected <document start>": true,
	"did not find expected key":              true,
	"did not find expected node content":     true,
	"found duplicate %TAG directive":         true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found undefined tag handle":             true,
}

// SyntaxError turns yaml.v3's "yaml: line 5: did not find expected key"
// into an error at that line of the file.
func SyntaxError(o Origin, data []byte, err error) *diag.Error {
	if line, col, msg, ok := indentProblem(data, o.line()); ok {
		return &diag.Error{Pos: o.Pos(line-o.line()+1, col), Msg: "invalid YAML: " + msg}
	}
	msg := err.Error()
	if m := yamlLine().FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		if parserProblems[m[2]] {
			line++
		}
		// ... and at the end of the input, one past the last line.
		line = max(1, min(line, lastLine(data)))
		return &diag.Error{Pos: o.Pos(line, 1), Msg: "invalid YAML: " + m[2]}
	}
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	return &diag.Error{Pos: o.Pos(1, 1), Msg: "invalid YAML: " + strings.TrimPrefix(msg, "yaml: ")}
}

// lastLine is the number of the last line that holds anything: a final
// newline does not start a line of its own.
func lastLine(data []byte) int {
	n := bytes.Count(data, []byte{'\n'})
	if len(data) > 0 && data[len(data)-1] != '\n' {
		n++
	}
	return max(n, 1)
}
