package yamlpos

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"

	"github.com/agentscale/agentscale/internal/diag"
)

// Limits bound what one document may cost. The zero value of a field
// means the Default's.
type Limits struct {
	// MaxValues is the most values (scalars, mappings, lists) a document
	// may hold, aliases and merge keys expanded.
	MaxValues int
	// MaxAliasBytes is the most bytes of keys and scalars that aliases and
	// merge keys may copy into a document.
	MaxAliasBytes int
	// MaxDepth is the deepest nesting accepted.
	MaxDepth int
	// MaxScalarBytes is the longest key or value accepted.
	MaxScalarBytes int
}

// Default suits one Kubernetes object or one swarm: etcd refuses objects
// over 1.5 MiB, far fewer values than this; a 1,000-role swarm holds about
// 60,000.
// The API server stores no object over 1.5 MiB (etcd's request limit), so
// no value of one can be longer: MaxScalarBytes keeps one huge string from
// being copied through every stage.
var Default = Limits{MaxValues: 250_000, MaxAliasBytes: 1 << 20, MaxDepth: 100, MaxScalarBytes: 2 << 20}

func (l Limits) orDefault() Limits {
	if l.MaxValues <= 0 {
		l.MaxValues = Default.MaxValues
	}
	if l.MaxAliasBytes <= 0 {
		l.MaxAliasBytes = Default.MaxAliasBytes
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = Default.MaxDepth
	}
	if l.MaxScalarBytes <= 0 {
		l.MaxScalarBytes = Default.MaxScalarBytes
	}
	return l
}

// Origin says where data starts in its file, for data cut from a larger
// file (one document of a stream).
type Origin struct {
	File string
	// Line is the file line of data's first byte; 0 means 1.
	Line int
	// Col is the number of columns before data's first byte on that line.
	Col int
}

// Pos returns the file position of a line and column within the data.
func (o Origin) Pos(line, col int) diag.Pos {
	if line == 1 {
		col += o.Col
	}
	return diag.Pos{File: o.File, Line: o.line() + line - 1, Col: col}
}

func (o Origin) line() int { return max(o.Line, 1) }

// Parse reads every document of data and returns the non-empty ones
// (a document that is empty or a bare null is skipped). A document with
// errors is left out and its errors returned; a YAML syntax error ends
// the stream, so the documents before it come back with the error.
func Parse(o Origin, data []byte, lim Limits) ([]*Node, diag.ErrorList) {
	var docs []*Node
	errs := ParseEach(o, data, lim, func(n *Node) { docs = append(docs, n) })
	return docs, errs
}

// ParseEach is Parse for streams: it calls fn with each document as soon
// as it is read, so a stream of many documents never holds more than one.
func ParseEach(o Origin, data []byte, lim Limits, fn func(*Node)) diag.ErrorList {
	var errs diag.ErrorList
	errs = append(errs, ParseDocs(o, data, lim, func(d *Doc) {
		n, docErrs := d.Tree()
		errs = append(errs, docErrs...)
		if n != nil {
			fn(n)
		}
	})...)
	errs.Sort()
	return errs
}

// ParseDocs calls fn with each non-empty document of data, parsed but not
// yet converted: a reader that needs a document as JSON (manifests) asks
// for that, without building Nodes. The errors are the text's and the
// syntax's; a Doc's own come from its Tree or AppendJSON.
func ParseDocs(o Origin, data []byte, lim Limits, fn func(*Doc)) diag.ErrorList {
	lim = lim.orDefault()
	if err := CheckText(o, data, lim); err != nil {
		return diag.ErrorList{err}
	}
	// The stream's documents share Node slabs (small ones waste none), a
	// converter and a JSON buffer.
	sh := &shared{}
	err := decodeStream(data, func(y *yaml.Node) {
		fn(&Doc{o: o, y: y, lim: lim, sh: sh})
	})
	if err != nil {
		return diag.ErrorList{SyntaxError(o, data, err)}
	}
	return nil
}

// Doc is one parsed document of a stream.
type Doc struct {
	o   Origin
	y   *yaml.Node
	lim Limits
	sh  *shared
}

// shared is what a stream's documents reuse.
type shared struct {
	slab []Node
	conv converter
}

// Pos is where the document's root value starts.
func (d *Doc) Pos() diag.Pos { return d.o.Pos(d.y.Line, d.y.Column) }

// IsMap reports whether the root is a mapping.
func (d *Doc) IsMap() bool { return deref(d.y).Kind == yaml.MappingNode }

// Scalar returns the root mapping's scalar value of key ("" when absent
// or not a scalar), without converting the document: enough to tell a
// Kubernetes object's kind.
func (d *Doc) Scalar(key string) string {
	root := deref(d.y)
	if root.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if k := root.Content[i]; k.Kind == yaml.ScalarNode && k.Value == key {
			if v := deref(root.Content[i+1]); v.Kind == yaml.ScalarNode {
				return v.Value
			}
			return ""
		}
	}
	return ""
}

// Merges reports whether the root mapping has a merge key (<<), whose
// keys Scalar does not see.
func (d *Doc) Merges() bool {
	root := deref(d.y)
	for i := 0; i+1 < len(root.Content) && root.Kind == yaml.MappingNode; i += 2 {
		if k := root.Content[i]; k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			return true
		}
	}
	return false
}

func deref(y *yaml.Node) *yaml.Node {
	for i := 0; y.Kind == yaml.AliasNode && y.Alias != nil && i < 8; i++ {
		y = y.Alias
	}
	return y
}

// Tree converts the document into Nodes.
func (d *Doc) Tree() (*Node, diag.ErrorList) {
	t := &treeSink{slab: d.sh.slab}
	errs := convert(&d.sh.conv, d.o, d.y, d.lim, t)
	d.sh.slab = t.slab
	if len(errs) > 0 {
		errs.Sort()
		return nil, errs
	}
	return t.root, nil
}

// Check reads the document for its errors alone (cycles, alias bombs,
// duplicate keys, bad scalars), writing nothing.
func (d *Doc) Check() diag.ErrorList {
	errs := convert(&d.sh.conv, d.o, d.y, d.lim, discard{})
	errs.Sort()
	return errs
}

// AppendJSON appends the document as JSON to buf (see jsonSink).
func (d *Doc) AppendJSON(buf []byte) ([]byte, diag.ErrorList) {
	j := &jsonSink{buf: buf}
	errs := convert(&d.sh.conv, d.o, d.y, d.lim, j)
	if len(errs) > 0 {
		errs.Sort()
		return buf, errs
	}
	return j.buf, nil
}

// ParseOne reads data that must hold at most one document: the root, or
// nil for an empty document.
func ParseOne(o Origin, data []byte, lim Limits) (*Node, diag.ErrorList) {
	docs, errs := Parse(o, data, lim)
	if len(errs) > 0 {
		return nil, errs
	}
	if len(docs) > 1 {
		return nil, diag.ErrorList{{Pos: docs[1].Pos, Msg: "a second YAML document here; this input holds one"}}
	}
	if len(docs) == 0 {
		return nil, nil
	}
	return docs[0], nil
}

// decodeStream calls fn with each non-empty document of data. yaml.v3
// turns its internal failures into errors; the recover guards the rest.
func decodeStream(data []byte, fn func(*yaml.Node)) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if a, ok := r.(abort); ok {
				panic(a) // not the parser's
			}
			err = fmt.Errorf("yaml: %v", r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if len(doc.Content) == 0 {
			continue
		}
		if r := doc.Content[0]; r.Kind == yaml.ScalarNode && r.ShortTag() == "!!null" {
			continue
		}
		fn(doc.Content[0])
	}
}

// CheckText refuses data that is not UTF-8 text, and data holding a
// document with more than lim.MaxValues values, before a YAML parser
// sees it: a document with fewer separators (line breaks, commas, opening
// brackets) than that cannot build more than a few times as many nodes.
func CheckText(o Origin, data []byte, lim Limits) *diag.Error {
	lim = lim.orDefault()
	if i := bytes.IndexByte(data, 0); i >= 0 || !utf8.Valid(data) {
		if j := invalidUTF8(data); i < 0 || j >= 0 && j < i {
			i = j
		}
		return &diag.Error{Pos: offsetPos(o, data, i), Msg: "file is not UTF-8 text (binary data here): YAML must be text"}
	}
	if off := tooManyValues(data, lim.MaxValues); off >= 0 {
		return &diag.Error{Pos: offsetPos(o, data, off), Msg: fmt.Sprintf("document holds more than %d values; agentscale reads at most that many in one document", lim.MaxValues)}
	}
	return nil
}

// tooManyValues returns the offset of the separator past limit within one
// document (counts restart at "---" lines), or -1. Blank lines and comment
// lines count for nothing: they make no values; nor do commas and brackets
// inside a quoted scalar ("a,b,c"). A quote opens a scalar only where one
// can start (after ":", "-", "[", "{", "," or at the start of a line), and
// quoting ends with the line, so a stray quote in text cannot hide the
// rest of the document from the count.
func tooManyValues(data []byte, limit int) int {
	n := 0
	content, comment := false, false
	var quote byte     // the open quote, 0 when none
	prev := byte('\n') // the last character that is not a blank
	for i := 0; i < len(data); i++ {
		b := data[i]
		if quote != 0 && b != '\n' {
			switch {
			case quote == '"' && b == '\\':
				i++
			case b == quote:
				quote = 0
			}
			continue
		}
		switch b {
		case '\n':
			if content {
				n++
			}
			content, comment, quote, prev = false, false, 0, '\n'
			if n > limit {
				return i
			}
			continue
		case ' ', '\t', '\r':
			continue
		case '#':
			if !content {
				comment = true
			}
		case '"', '\'':
			if !comment && strings.IndexByte(":-[{,?\n", prev) >= 0 {
				quote = b
			}
		case ',', '[', '{':
			if !comment {
				n++
				if n > limit {
					return i
				}
			}
		case '-': // a document marker starts a line; an indented one is text
			if (i == 0 || data[i-1] == '\n') && isMarker(data[i:]) {
				n = 0
			}
		}
		if !comment {
			content = true
		}
		prev = b
	}
	return -1
}

// isMarker reports whether line starts with the document marker "---".
func isMarker(line []byte) bool {
	if !bytes.HasPrefix(line, []byte("---")) {
		return false
	}
	return len(line) == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r' || line[3] == '\n'
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
func offsetPos(o Origin, data []byte, off int) diag.Pos {
	line := 1 + bytes.Count(data[:off], []byte{'\n'})
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	return o.Pos(line, 1+utf8.RuneCount(data[start:off]))
}
