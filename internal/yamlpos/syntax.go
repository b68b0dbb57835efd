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
		return lineError(o, data, line, m[2])
	}
	// yaml.v3 leaves the line out when the problem is on the first.
	if p, ok := strings.CutPrefix(msg, "yaml: "); ok && p == mappingValues {
		return lineError(o, data, 1, p)
	}
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	return &diag.Error{Pos: o.Pos(1, 1), Msg: "invalid YAML: " + strings.TrimPrefix(msg, "yaml: ")}
}

const mappingValues = "mapping values are not allowed in this context"

// lineError is a parser problem on line (1-based in data), at the column
// of the offending ": " when the problem is a second mapping value on the
// line, else at the line's start.
func lineError(o Origin, data []byte, line int, problem string) *diag.Error {
	col, msg := 1, "invalid YAML: "+problem
	if problem == mappingValues {
		if c := secondColon(lineText(data, line)); c > 0 {
			col, msg = c, msg+`: quote a value that holds ": "`
		}
	}
	return &diag.Error{Pos: o.Pos(line, col), Msg: msg}
}

// secondColon is the 1-based column of the ": " that yaml.v3 refuses as
// "mapping values are not allowed" in a line such as "state: soft: x": the
// first unquoted one after the key's own. 0 when there is none.
func secondColon(line string) int {
	seen := false
	var quote byte
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '#' && (i == 0 || line[i-1] == ' '):
			return 0
		case c == ':' && (i+1 == len(line) || line[i+1] == ' '):
			if seen {
				return i + 1
			}
			seen = true
		}
	}
	return 0
}

// lineText is line n (1-based) of data, without its newline.
func lineText(data []byte, n int) string {
	for ; n > 1; n-- {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			return ""
		}
		data = data[i+1:]
	}
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		data = data[:i]
	}
	return string(data)
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
