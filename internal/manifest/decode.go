package manifest

import (
	"github.com/agentscale/agentscale/internal/kinds"
	"reflect"
	"strings"
	"sync"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	kjson "sigs.k8s.io/json"

	"github.com/agentscale/agentscale/internal/diag"
	"github.com/agentscale/agentscale/internal/spec"
	"github.com/agentscale/agentscale/internal/yamlpos"
)

// decodeDoc turns one document into its object(s): JSON straight from the
// reader for an object, Nodes for a List (whose items are objects of their
// own, with positions).
func decodeDoc(file string, c chunk, doc *yamlpos.Doc) result {
	if !doc.IsMap() {
		return errorResult(doc.Pos(), "a manifest document must be a mapping with apiVersion and kind")
	}
	apiVersion, kind := doc.Scalar("apiVersion"), doc.Scalar("kind")
	var root *yamlpos.Node
	if (apiVersion == "" || kind == "") && doc.Merges() || isList(apiVersion, kind) {
		var errs spec.ErrorList
		if root, errs = doc.Tree(); len(errs) > 0 {
			return result{errs: errs}
		}
		apiVersion, kind = root.Get("apiVersion").String(), root.Get("kind").String()
	}
	switch {
	case apiVersion == "" && kind == "":
		// Not a Kubernetes object (a values file, a workflow...), but
		// kubectl would read it too: a cycle or an alias bomb is still an
		// error.
		if root == nil {
			return result{errs: doc.Check()}
		}
		return result{}
	case apiVersion == "":
		return errorResult(doc.Pos(), "object has kind but no apiVersion")
	case kind == "":
		return errorResult(doc.Pos(), "object has apiVersion but no kind")
	}
	var r result
	d := &Document{src: c, root: doc.Pos(), Start: doc.Pos()}
	if isList(apiVersion, kind) {
		decodeList(d, root, "", &r)
		return r
	}
	bp := jsonBuffers.Get().(*[]byte)
	defer jsonBuffers.Put(bp)
	buf, errs := doc.AppendJSON((*bp)[:0])
	*bp = buf
	if len(errs) > 0 {
		return result{errs: errs}
	}
	decodeTyped(d, buf, apiVersion, kind, func() *yamlpos.Node { n, _ := doc.Tree(); return n }, &r)
	return r
}

// isList reports a v1 List (or a *List kind of the core group, as
// `kubectl get -o yaml` writes), whose items kubectl applies one by one.
func isList(apiVersion, kind string) bool {
	return kind == "List" || (strings.HasSuffix(kind, "List") && apiVersion == "v1")
}

// decodeList expands the items of a List, each a document of its own, and
// the items of Lists nested in it, as kubectl flattens them.
func decodeList(parent *Document, list *yamlpos.Node, prefix string, r *result) {
	items := list.Get("items")
	if items == nil {
		return
	}
	if items.Kind != yamlpos.List {
		r.errs = append(r.errs, &diag.Error{Pos: items.Pos, Msg: "a List's items must be a list of objects"})
		return
	}
	for i, item := range items.Items {
		path := yamlpos.JoinIndex(yamlpos.JoinKey(prefix, "items"), i)
		if item == nil || item.Kind != yamlpos.Map {
			pos := list.KeyPos("items")
			if item != nil {
				pos = item.Pos
			}
			r.errs = append(r.errs, &diag.Error{Pos: pos, Msg: "a List item must be a mapping with apiVersion and kind"})
			continue
		}
		apiVersion, kind := item.Get("apiVersion").String(), item.Get("kind").String()
		if apiVersion == "" || kind == "" {
			r.errs = append(r.errs, &diag.Error{Pos: item.Pos, Msg: "a List item needs apiVersion and kind"})
			continue
		}
		if isList(apiVersion, kind) {
			decodeList(parent, item, path, r)
			continue
		}
		d := &Document{src: parent.src, root: parent.root, Start: item.Pos, prefix: path}
		decodeOne(d, item, apiVersion, kind, r)
	}
}

// decodeOne converts a List item to JSON and decodes the typed object.
func decodeOne(d *Document, n *yamlpos.Node, apiVersion, kind string, r *result) {
	bp := jsonBuffers.Get().(*[]byte)
	defer jsonBuffers.Put(bp)
	buf := yamlpos.AppendJSON((*bp)[:0], n)
	*bp = buf
	decodeTyped(d, buf, apiVersion, kind, func() *yamlpos.Node { return n }, r)
}

// decodeTyped decodes the JSON of one object into its type. tree gives
// the object's Nodes, only to place a type error at its field.
func decodeTyped(d *Document, buf []byte, apiVersion, kind string, tree func() *yamlpos.Node, r *result) {
	d.APIVersion, d.Kind = apiVersion, kind
	obj := newObject(apiVersion, kind)
	if err := kjson.UnmarshalCaseSensitivePreserveInts(buf, obj); err != nil {
		pos, msg := d.Start, strings.TrimPrefix(err.Error(), "json: ")
		if field, m, ok := yamlpos.TypeError(err); ok {
			if at, p, found := yamlpos.TypeErrorAt(tree(), reflect.TypeOf(obj), field); found {
				field, pos = at, p
			} else if p, found := yamlpos.LocateField(tree(), strings.Split(field, ".")); found {
				pos = p
			}
			msg = field + ": " + m
		} else if field, p, m, ok := yamlpos.ValueError(tree(), reflect.TypeOf(obj)); ok {
			pos, msg = p, field+": "+m
		}
		r.errs = append(r.errs, &diag.Error{Pos: pos, Msg: msg})
		return
	}
	d.Obj = upgrade(obj)
	r.docs = append(r.docs, d)
}

// jsonBuffers are reused from document to document: decoding copies.
var jsonBuffers = sync.Pool{New: func() any { return new([]byte) }}

// newObject returns an empty typed object for the kind, or metadata only:
// no rule looks inside other kinds, but references to them (an HPA on an
// Argo Rollout) still resolve.
func newObject(apiVersion, kind string) Object {
	if obj, ok := kinds.New(apiVersion, kind); ok {
		return obj
	}
	return &metav1.PartialObjectMetadata{}
}

func errorResult(pos spec.Pos, msg string) result {
	return result{errs: spec.ErrorList{{Pos: pos, Msg: msg}}}
}
