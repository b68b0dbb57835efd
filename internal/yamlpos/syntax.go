package yamlpos

import (
	"bytes"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

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

// secondColon is the column (in runes, as every position is) of the ": "
// that yaml.v3 refuses as "mapping values are not allowed" in a line such
// as "state: soft: x": a plain key, then a plain value that holds ": ".
// 0 when the line is not of that shape: a quoted or flow value, or a line
// whose own key lacks its colon (the line above then is the culprit), gets
// no guess.
func secondColon(line string) int {
	line = strings.TrimSuffix(strings.TrimPrefix(line, "\ufeff"), "\r")
	body := strings.TrimLeft(line, " ")
	for strings.HasPrefix(body, "- ") {
		body = strings.TrimLeft(body[2:], " ")
	}
	key, value, ok := strings.Cut(body, ": ")
	if !ok || key == "" || strings.ContainsAny(key, " \t\"'{}[]#&*!|>%@`") {
		return 0
	}
	value = strings.TrimLeft(value, " ")
	if value == "" || strings.ContainsRune("\"'{[|>&*!#", rune(value[0])) {
		return 0
	}
	at := strings.Index(value, ": ")
	if at < 0 {
		if !strings.HasSuffix(value, ":") {
			return 0
		}
		at = len(value) - 1
	}
	if c := strings.Index(value, " #"); c >= 0 && c < at {
		return 0 // the colon is in a comment
	}
	prefix := line[:len(line)-len(value)] + value[:at]
	return utf8.RuneCountInString(prefix) + 1
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
