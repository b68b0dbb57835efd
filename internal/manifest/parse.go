package manifest

import (
	"bytes"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	kjson "sigs.k8s.io/json"

	"github.com/agentscale/agentscale/internal/spec"
)

// Parse reads every object of a manifest file: multi-document YAML or JSON,
// v1 List objects expanded. Documents that are empty, or that have neither
// apiVersion nor kind (not Kubernetes objects), are skipped. A document
// that does not parse becomes an error at its position; the others are
// still returned, in file order.
func Parse(file string, data []byte) ([]*Document, spec.ErrorList) {
	if i := bytes.IndexByte(data, 0); i >= 0 || !utf8.Valid(data) {
		return nil, spec.ErrorList{{Pos: spec.Pos{File: file, Line: 1, Col: 1}, Msg: "file is not UTF-8 text (binary data?)"}}
	}
	chunks := split(data)
	results := make([]result, len(chunks))
	workers := min(runtime.GOMAXPROCS(0), 4, len(chunks)/8+1)
	if workers <= 1 {
		for i, c := range chunks {
			results[i] = parseChunk(file, c)
		}
	} else {
		var wg sync.WaitGroup
		next := make(chan int, len(chunks))
		for i := range chunks {
			next <- i
		}
		close(next)
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range next {
					results[i] = parseChunk(file, chunks[i])
				}
			}()
		}
		wg.Wait()
	}
	var docs []*Document
	var errs spec.ErrorList
	for _, r := range results {
		for _, d := range r.docs {
			d.Index = len(docs)
			docs = append(docs, d)
		}
		errs = append(errs, r.errs...)
	}
	return docs, errs
}

type result struct {
	docs []*Document
	errs spec.ErrorList
}

// parseChunk parses one YAML document once and decodes its object(s).
func parseChunk(file string, c chunk) (r result) {
	d := &Document{src: c, Start: spec.Pos{File: file}}
	var n yaml.Node
	if err := yaml.Unmarshal(c.data, &n); err != nil {
		return errorResult(d, yamlErrorLine(err), 1, "invalid YAML: "+yamlErrorMsg(err))
	}
	if len(n.Content) == 0 {
		return r
	}
	root := deref(n.Content[0])
	if root.Kind == yaml.ScalarNode && root.ShortTag() == "!!null" {
		return r
	}
	d.Start = d.pos(root.Line, root.Column)
	if root.Kind != yaml.MappingNode {
		return errorResult(d, root.Line, root.Column, "a manifest document must be a mapping with apiVersion and kind")
	}
	apiVersion, kind := scalarAt(root, "apiVersion"), scalarAt(root, "kind")
	switch {
	case apiVersion == "" && kind == "":
		return r // not a Kubernetes object (a values file, a workflow...)
	case apiVersion == "":
		return errorResult(d, root.Line, root.Column, "object has kind but no apiVersion")
	case kind == "":
		return errorResult(d, root.Line, root.Column, "object has apiVersion but no kind")
	}
	if kind == "List" || (strings.HasSuffix(kind, "List") && apiVersion == "v1") {
		return decodeList(file, c, root)
	}
	return decodeOne(d, root, apiVersion, kind, "")
}

// decodeList expands the items of a v1 List, each a document of its own.
func decodeList(file string, c chunk, root *yaml.Node) (r result) {
	_, items := lookupKey(root, "items")
	if items == nil {
		return r
	}
	items = deref(items)
	for i, item := range items.Content {
		item = deref(item)
		d := &Document{src: c, Start: spec.Pos{File: file}, prefix: "items[" + strconv.Itoa(i) + "]"}
		d.Start = d.pos(item.Line, item.Column)
		if item.Kind != yaml.MappingNode {
			return appendError(r, d, item.Line, item.Column, "a List item must be a mapping with apiVersion and kind")
		}
		apiVersion, kind := scalarAt(item, "apiVersion"), scalarAt(item, "kind")
		if apiVersion == "" || kind == "" {
			r = appendError(r, d, item.Line, item.Column, "a List item needs apiVersion and kind")
			continue
		}
		one := decodeOne(d, item, apiVersion, kind, d.prefix)
		r.docs = append(r.docs, one.docs...)
		r.errs = append(r.errs, one.errs...)
	}
	return r
}

// decodeOne converts the node to JSON and decodes the typed object.
func decodeOne(d *Document, n *yaml.Node, apiVersion, kind, prefix string) result {
	w := jsonWriter{buf: make([]byte, 0, 1024)}
	w.value(n, 0)
	if w.err != nil {
		return errorResult(d, w.err.line, w.err.col, w.err.msg)
	}
	d.APIVersion, d.Kind = apiVersion, kind
	var obj Object = &metav1.PartialObjectMetadata{}
	if newObj, ok := kinds[apiVersion+"/"+kind]; ok {
		obj = newObj()
	}
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
		return errorResult(d, line, col, msg)
	}
	d.Obj = upgrade(obj)
	return result{docs: []*Document{d}}
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

func errorResult(d *Document, line, col int, msg string) result {
	return appendError(result{}, d, line, col, msg)
}

func appendError(r result, d *Document, line, col int, msg string) result {
	r.errs = append(r.errs, &spec.Error{Pos: d.pos(line, col), Msg: msg})
	return r
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// yamlErrorLine and yamlErrorMsg split "yaml: line 5: did not find expected key".
func yamlErrorLine(err error) int {
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		if n, e := strconv.Atoi(m[1]); e == nil {
			return n
		}
	}
	return 1
}

func yamlErrorMsg(err error) string {
	msg := yamlLine.ReplaceAllString(err.Error(), "")
	return strings.TrimPrefix(msg, "yaml: ")
}
