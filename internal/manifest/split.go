package manifest

import (
	"bytes"

	"github.com/agentscale/agentscale/internal/yamlpos"
)

// chunk is one document of a file: its bytes and where they start.
type chunk struct {
	data []byte
	off  int  // offset of data[0] in the file
	line int  // 1-based line of data[0] in the file
	col  int  // columns before data[0] on that line (3 after "---")
	json bool // a value of a JSON stream
}

func (c chunk) origin(file string) yamlpos.Origin {
	return yamlpos.Origin{File: file, Line: c.line, Col: c.col}
}

// text is what the YAML parser reads: JSON's UTF-16 surrogate pairs
// ("\ud83d\ude00"), which YAML's escapes lack, are rewritten as \U escapes.
func (c chunk) text() []byte {
	if c.json {
		return surrogatesToYAML(c.data)
	}
	return c.data
}

// split cuts a stream into documents at lines that start with "---" (the
// YAML document marker, as kubectl's YAMLReader does). A "---" inside a
// block scalar is indented, so it never splits. Content after the marker
// on the same line ("--- {a: 1}") belongs to the next document.
func split(data []byte) []chunk {
	var out []chunk
	cur := chunk{line: 1}
	start := 0
	line := 1
	for off := 0; off < len(data); line++ {
		next := len(data)
		if end := bytes.IndexByte(data[off:], '\n'); end >= 0 {
			next = off + end + 1
		}
		if isSeparator(data[off:next]) {
			cur.data = data[start:off]
			out = append(out, cur)
			start = off + 3
			cur = chunk{off: start, line: line, col: 3}
		}
		off = next
	}
	cur.data = data[start:]
	return append(out, cur)
}

// isSeparator reports whether a line is a document marker: "---" followed
// by the end of the line or a blank.
func isSeparator(l []byte) bool {
	if !bytes.HasPrefix(l, []byte("---")) {
		return false
	}
	rest := l[3:]
	return len(rest) == 0 || rest[0] == '\n' || rest[0] == '\r' || rest[0] == ' ' || rest[0] == '\t'
}
