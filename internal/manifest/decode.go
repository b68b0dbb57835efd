package manifest

import (
	"regexp"
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v3"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	kjson "sigs.k8s.io/json"

	"github.com/agentscale/agentscale/internal/spec"
)

// decodeDoc turns the root node of one document into its object(s). Node
// positions are relative to the bytes base describes.
func decodeDoc(w *jsonWriter, file string, c chunk, base lineMap, root *yaml.Node) result {
	root = deref(root)
	if root.Kind == yaml.ScalarNode && root.ShortTag() == "!!null" {
		return result{}
	}
	at := func(n *yaml.Node) spec.Pos { return base.pos(file, n.Line, n.Column) }
	if root.Kind != yaml.MappingNode {
		return errorResult(at(root), "a manifest document must be a mapping with apiVersion and kind")
	}
	apiVersion, kind := scalarAt(root, "apiVersion"), scalarAt(root, "kind")
	switch {
	case apiVersion == "" && kind == "":
		return result{} // not a Kubernetes object (a values file, a workflow...)
	case apiVersion == "":
		return errorResult(at(root), "object has kind but no apiVersion")
	case kind == "":
		return errorResult(at(root), "object has apiVersion but no kind")
	}
	if kind == "List" || (strings.HasSuffix(kind, "List") && apiVersion == "v1") {
		return decodeList(w, file, c, base, root)
	}
	return decodeOne(w, &Document{src: c, Start: at(root)}, base, root, apiVersion, kind)
}

// decodeList expands the items of a v1 List, each a document of its own.
func decodeList(w *jsonWriter, file string, c chunk, base lineMap, root *yaml.Node) (r result) {
	_, items := lookupKey(root, "items")
	if items == nil {
		return r
	}
	items = deref(items)
	for i, item := range items.Content {
		item = deref(item)
		start := base.pos(file, item.Line, item.Column)
		if item.Kind != yaml.MappingNode {
			r.errs = append(r.errs, &spec.Error{Pos: start, Msg: "a List item must be a mapping with apiVersion and kind"})
			continue
		}
		apiVersion, kind := scalarAt(item, "apiVersion"), scalarAt(item, "kind")
		if apiVersion == "" || kind == "" {
			r.errs = append(r.errs, &spec.Error{Pos: start, Msg: "a List item needs apiVersion and kind"})
			continue
		}
		d := &Document{src: c, Start: start, prefix: "items[" + strconv.Itoa(i) + "]"}
		one := decodeOne(w, d, base, item, apiVersion, kind)
		r.docs = append(r.docs, one.docs...)
		r.errs = append(r.errs, one.errs...)
	}
	return r
}

// decodeOne converts the node to JSON and decodes the typed object. The
// writer's buffer is reused from document to document (decoding copies).
func decodeOne(w *jsonWriter, d *Document, base lineMap, n *yaml.Node, apiVersion, kind string) result {
	file := d.Start.File
	*w = jsonWriter{buf: w.buf[:0], keys: w.keys[:0]}
	w.value(n, 0)
	if w.err != nil {
		return errorResult(base.pos(file, w.err.line, w.err.col), w.err.msg)
	}
	d.APIVersion, d.Kind = apiVersion, kind
	obj := newObject(apiVersion, kind)
	if err := kjson.UnmarshalCaseSensitivePreserveInts(w.buf, obj); err != nil {
		line, col := n.Line, n.Column
		msg := err.Error()
		if m := jsonFieldError.FindStringSubmatch(msg); m != nil {
			if l, c := locateField(n, strings.Split(m[2], "."), 0); l > 0 {
				line, col = l, c
			}
			msg = m[2] + ": cannot read " + m[1] + " as " + goType(m[3])
		} else {
			msg = strings.TrimPrefix(msg, "json: ")
		}
		return errorResult(base.pos(file, line, col), msg)
	}
	d.Obj = upgrade(obj)
	return result{docs: []*Document{d}}
}

// newObject returns an empty typed object for the kind, or metadata only.
func newObject(apiVersion, kind string) Object {
	if newObj, ok := kinds[apiVersion+"/"+kind]; ok {
		return newObj()
	}
	return &metav1.PartialObjectMetadata{}
}

// "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32"
var jsonFieldError = regexp.MustCompile(`cannot unmarshal (\w+) into Go struct field [\w.]*?\.((?:[\w-]+\.)*?[\w-]+) of type (\S+)`)

func goType(t string) string {
	switch {
	case strings.Contains(t, "int"):
		return "an integer"
	case t == "string":
		return "a string"
	case t == "bool":
		return "true or false"
	case strings.HasPrefix(t, "[]"):
		return "a list"
	case strings.Contains(t, "Quantity"):
		return "a quantity"
	case strings.Contains(t, "IntOrString"):
		return "an integer or a string"
	}
	return "a mapping"
}

func scalarAt(n *yaml.Node, key string) string {
	_, v := lookupKey(n, key)
	if v == nil || v.Kind != yaml.ScalarNode {
		return ""
	}
	return v.Value
}

func errorResult(pos spec.Pos, msg string) result {
	return result{errs: spec.ErrorList{{Pos: pos, Msg: msg}}}
}

var (
	yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)
	// Parser (not scanner) errors of yaml.v3 give the 0-based line where
	// the enclosing block starts; scanner errors give a 1-based line.
	parserError = regexp.MustCompile(`^did not find expected (node content|key|',' or '[\]}]'|'-' indicator|<document start>)|^found (incompatible YAML document|duplicate %YAML directive)`)
)

// yamlErrorLine and yamlErrorMsg split "yaml: line 5: did not find expected key".
func yamlErrorLine(err error) int {
	m := yamlLine.FindStringSubmatch(err.Error())
	if m == nil {
		return 1
	}
	n, e := strconv.Atoi(m[1])
	if e != nil {
		return 1
	}
	if parserError.MatchString(yamlErrorMsg(err)) {
		n++
	}
	return max(n, 1)
}

func yamlErrorMsg(err error) string {
	msg := yamlLine.ReplaceAllString(err.Error(), "")
	return strings.TrimPrefix(msg, "yaml: ")
}
