package spec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"
)

// maxSeparators bounds the values a file may hold before the YAML parser
// sees it: every YAML value but the first needs a line break, a comma or an
// opening bracket, so a file with fewer separators than this cannot build
// more than about twice as many nodes. The YAML library allocates ~250 bytes
// per node, so this is what keeps memory bounded for hostile input; a
// 1,000-role swarm has about 25,000.
const maxSeparators = 100_000

// parseYAML checks that data is text holding one YAML document and converts it.
func parseYAML(file string, data []byte) (root *node, errs ErrorList) {
	if i := bytes.IndexByte(data, 0); i >= 0 || !utf8.Valid(data) {
		if j := invalidUTF8(data); i < 0 || j >= 0 && j < i {
			i = j
		}
		return nil, ErrorList{{Pos: offsetPos(file, data, i), Msg: "file is not UTF-8 text (binary data here); a swarm file is YAML"}}
	}
	if off := tooManySeparators(data); off >= 0 {
		return nil, ErrorList{{Pos: offsetPos(file, data, off), Msg: fmt.Sprintf("file holds more than %d values; a swarm file is far smaller", maxSeparators)}}
	}
	docs, err := documents(data)
	if err != nil {
		return nil, ErrorList{yamlError(file, data, err)}
	}
	switch len(docs) {
	case 0:
		return nil, ErrorList{{Pos: Pos{File: file, Line: 1, Col: 1}, Msg: "file is empty: a swarm needs apiVersion, kind, metadata and spec (try `agentscale init`)"}}
	case 1:
	default:
		second := docs[1].Content[0]
		return nil, ErrorList{{Pos: Pos{File: file, Line: second.Line, Col: second.Column}, Msg: "a swarm file holds one Swarm document; split the others into their own files"}}
	}
	c := &converter{file: file}
	defer func() {
		if r := recover(); r != nil {
			b, ok := r.(errBudget)
			if !ok {
				panic(r)
			}
			root, errs = nil, ErrorList{{Pos: b.pos, Msg: fmt.Sprintf("aliases expand the document to more than %d values (a YAML alias bomb?)", maxNodes)}}
		}
	}()
	root = c.convert(docs[0], 0)
	root.size = c.total
	if len(c.errs) > 0 {
		c.errs.Sort()
		return nil, c.errs
	}
	if root.kind != mapNode {
		return nil, ErrorList{{Pos: root.pos, Msg: "a swarm file must be a YAML mapping with apiVersion, kind, metadata and spec"}}
	}
	return root, nil
}

// documents returns the non-empty documents of data.
func documents(data []byte) (docs []*yaml.Node, err error) {
	defer func() {
		// yaml.v3 turns most internal failures into errors; this guards the rest.
		if r := recover(); r != nil {
			docs, err = nil, fmt.Errorf("yaml: %v", r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if err == io.EOF {
			return docs, nil
		}
		if err != nil {
			return nil, err
		}
		if len(doc.Content) > 0 && !(doc.Content[0].Kind == yaml.ScalarNode && doc.Content[0].Tag == "!!null") {
			docs = append(docs, &doc)
		}
	}
}

// tooManySeparators returns the offset of the separator past the limit, or -1.
func tooManySeparators(data []byte) int {
	n := 0
	for i, b := range data {
		switch b {
		case '\n', ',', '[', '{':
			n++
			if n > maxSeparators {
				return i
			}
		}
	}
	return -1
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

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

// yamlError turns "yaml: line 5: did not find expected key" into a positioned error.
func yamlError(file string, data []byte, err error) *Error {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		if parserProblems[m[2]] {
			line++
		}
		// ... and at the end of the input, one past the last line.
		line = min(line, 1+bytes.Count(data, []byte{'\n'}))
		return &Error{Pos: Pos{File: file, Line: line, Col: 1}, Msg: "invalid YAML: " + m[2]}
	}
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	return &Error{Pos: Pos{File: file, Line: 1, Col: 1}, Msg: "invalid YAML: " + strings.TrimPrefix(msg, "yaml: ")}
}

// invalidUTF8 returns the offset of the first byte that is not UTF-8, or -1.
func invalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}

// offsetPos converts a byte offset into a line and column (in characters).
func offsetPos(file string, data []byte, off int) Pos {
	line := 1 + bytes.Count(data[:off], []byte{'\n'})
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	col := 1 + utf8.RuneCount(data[start:off])
	return Pos{File: file, Line: line, Col: col}
}
