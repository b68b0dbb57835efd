package spec

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"
	kjson "sigs.k8s.io/json"
)

// MaxFileSize bounds what the loader reads. A 1,000-role swarm is well under
// 1 MiB; anything near the limit is a mistake (or an attack), and is refused
// before it costs memory.
const MaxFileSize = 8 << 20

// StdinName is how positions name standard input.
const StdinName = "<stdin>"

// Options change how a swarm is loaded.
type Options struct {
	// Env names the environment (spec.environments) to apply before validation.
	Env string
}

// ReadFile reads path ("-" reads stdin) within MaxFileSize. Problems with the
// input itself (a directory, a file too large) are *Error values; a path that
// cannot be read at all is returned as the operating system's error.
func ReadFile(path string, stdin io.Reader) ([]byte, error) {
	var r io.Reader
	if path == "-" {
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
		more = "more than "
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

// Load reads and parses one swarm file.
func Load(path string, stdin io.Reader, opts Options) (*Swarm, error) {
	data, err := ReadFile(path, stdin)
	if err != nil {
		return nil, err
	}
	name := path
	if path == "-" {
		name = StdinName
	}
	s, errs := Parse(name, data, opts)
	if len(errs) > 0 {
		return nil, errs
	}
	return s, nil
}

// Parse turns the bytes of a swarm file into a valid Swarm: YAML with
// positions, the JSON Schema, the environment, defaults, strict decoding and
// the semantic checks. It returns every error it finds, not just the first.
func Parse(file string, data []byte, opts Options) (*Swarm, ErrorList) {
	root, errs := parseYAML(file, data)
	if len(errs) > 0 {
		return nil, errs
	}
	pos := positions{}
	plain := root.toJSON("", pos)
	if errs = validateSchema(plain, pos); len(errs) > 0 {
		return nil, finish(file, errs)
	}
	if opts.Env != "" {
		if errs = applyEnvironment(file, root, opts.Env); len(errs) > 0 {
			return nil, finish(file, errs)
		}
	}
	applyRoleDefaults(root)
	pos = positions{}
	plain = root.toJSON("", pos)
	s, errs := decode(file, plain, pos)
	if len(errs) > 0 {
		return nil, finish(file, errs)
	}
	s.Env = opts.Env
	setImplicitDefaults(s)
	if errs = Validate(s); len(errs) > 0 {
		return nil, errs
	}
	return s, nil
}

// finish fills in the file of positions that have none and sorts.
func finish(file string, errs ErrorList) ErrorList {
	for _, e := range errs {
		if e.Pos.File == "" {
			e.Pos.File = file
		}
	}
	errs.Sort()
	return errs
}

// parseYAML checks that data is text holding one YAML document and converts it.
func parseYAML(file string, data []byte) (root *node, errs ErrorList) {
	if i := bytes.IndexByte(data, 0); i >= 0 || !utf8.Valid(data) {
		if i < 0 {
			i = invalidUTF8(data)
		}
		return nil, ErrorList{{Pos: offsetPos(file, data, i), Msg: "file is not UTF-8 text (binary data here); a swarm file is YAML"}}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []*yaml.Node
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, ErrorList{yamlError(file, err)}
		}
		if len(doc.Content) > 0 && !(doc.Content[0].Kind == yaml.ScalarNode && doc.Content[0].Tag == "!!null") {
			docs = append(docs, &doc)
		}
	}
	switch len(docs) {
	case 0:
		return nil, ErrorList{{Pos: Pos{File: file, Line: 1, Col: 1}, Msg: "file is empty: a swarm needs apiVersion, kind, metadata and spec (try `agentscale init`)"}}
	case 1:
	default:
		return nil, ErrorList{{Pos: Pos{File: file, Line: docs[1].Line, Col: docs[1].Column}, Msg: "a swarm file holds one Swarm document; split the others into their own files"}}
	}
	c := &converter{file: file}
	defer func() {
		if r := recover(); r != nil {
			b, ok := r.(errBudget)
			if !ok {
				panic(r)
			}
			root, errs = nil, ErrorList{{Pos: b.pos, Msg: fmt.Sprintf("document expands to more than %d values (a YAML alias bomb?)", maxNodes)}}
		}
	}()
	root = c.convert(docs[0], 0)
	if len(c.errs) > 0 {
		c.errs.Sort()
		return nil, c.errs
	}
	if root.kind != mapNode {
		return nil, ErrorList{{Pos: root.pos, Msg: "a swarm file must be a YAML mapping with apiVersion, kind, metadata and spec"}}
	}
	return root, nil
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlError turns "yaml: line 5: did not find expected key" into a positioned error.
func yamlError(file string, err error) *Error {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &Error{Pos: Pos{File: file, Line: line, Col: 1}, Msg: "invalid YAML: " + m[2]}
	}
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	return &Error{Pos: Pos{File: file, Line: 1, Col: 1}, Msg: "invalid YAML: " + strings.TrimPrefix(msg, "yaml: ")}
}

func invalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return 0
}

// offsetPos converts a byte offset into a line and column.
func offsetPos(file string, data []byte, off int) Pos {
	line := 1 + bytes.Count(data[:off], []byte{'\n'})
	col := off - bytes.LastIndexByte(data[:off], '\n')
	return Pos{File: file, Line: line, Col: col}
}

// decode strictly decodes the merged document into a Swarm. The schema has
// already checked the structure; this catches unknown fields inside the
// Kubernetes types the schema passes through (probes, env, behavior).
func decode(file string, plain any, pos positions) (*Swarm, ErrorList) {
	data, err := json.Marshal(plain)
	if err != nil {
		return nil, ErrorList{{Pos: Pos{File: file}, Msg: err.Error()}}
	}
	s := &Swarm{File: file, positions: pos}
	strict, err := kjson.UnmarshalStrict(data, s)
	var errs ErrorList
	if err != nil {
		errs = append(errs, decodeError(err, pos))
	}
	for _, e := range strict {
		path := ""
		var fe kjson.FieldError
		if errors.As(e, &fe) {
			path = fe.FieldPath()
		}
		msg := "unknown field"
		if strings.Contains(e.Error(), "duplicate field") {
			msg = "duplicate field"
		}
		errs = append(errs, &Error{Pos: pos.key(path), Path: displayPath(path), Msg: msg})
	}
	s.positions = pos
	return s, errs
}

// decodeError positions a type error from encoding/json. Its field path has
// no list indices, so it is matched against the recorded paths.
func decodeError(err error, pos positions) *Error {
	var ute *json.UnmarshalTypeError
	if errors.As(err, &ute) && ute.Field != "" {
		if path := findPath(pos, ute.Field); path != "" {
			return &Error{Pos: pos.value(path), Path: displayPath(path), Msg: fmt.Sprintf("must be %s, not %s", goTypeWord(ute.Type.String()), ute.Value)}
		}
	}
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "json: ")
	return &Error{Pos: Pos{}, Msg: msg}
}

// findPath returns the first recorded path (in file order) that equals
// field once list indices are dropped.
func findPath(pos positions, field string) string {
	var match []string
	for p := range pos {
		if stripIndices(p) == field {
			match = append(match, p)
		}
	}
	if len(match) == 0 {
		return ""
	}
	sort.Slice(match, func(i, j int) bool { return pos[match[i]].Value.Before(pos[match[j]].Value) })
	return match[0]
}

var indices = regexp.MustCompile(`\[[0-9]+\]`)

func stripIndices(p string) string { return indices.ReplaceAllString(p, "") }

func goTypeWord(t string) string {
	switch {
	case strings.HasPrefix(t, "int"), strings.HasPrefix(t, "uint"):
		return "an integer"
	case t == "string":
		return "a string"
	case t == "bool":
		return "true or false"
	case strings.HasPrefix(t, "float"):
		return "a number"
	case strings.HasPrefix(t, "[]"):
		return "a list"
	}
	return "a mapping"
}
