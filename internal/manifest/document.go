package manifest

import (
	"sync"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/agentscale/agentscale/internal/spec"
	"github.com/agentscale/agentscale/internal/yamlpos"
)

// Document is one object read from a manifest file.
type Document struct {
	// Obj is the typed object; kinds without a Go type in kinds.go are
	// *metav1.PartialObjectMetadata (name, namespace, labels only).
	Obj Object
	// APIVersion and Kind as written.
	APIVersion, Kind string
	// Start is where the object starts: its first key.
	Start spec.Pos
	// Index is the document's position in the file (0-based, List items
	// count as documents of their own).
	Index int

	src    chunk
	root   spec.Pos // where the YAML document holding the object starts
	prefix string   // "items[3]" for an item of a v1 List

	once sync.Once
	tree *yamlpos.Node // parsed on the first Pos call
}

// Pos returns where the field at path ("spec.template.spec.containers[0]")
// starts: the line of its key, or the item for list elements. A field that
// is absent resolves to its nearest present ancestor, and at worst to the
// start of the document. Safe for concurrent use.
func (d *Document) Pos(path string) spec.Pos {
	d.once.Do(d.parse)
	if d.tree == nil {
		return d.Start
	}
	full := path
	if d.prefix != "" {
		full = d.prefix
		if path != "" {
			full += "." + path
		}
	}
	if p, ok := yamlpos.Locate(d.tree, full); ok {
		return p
	}
	return d.Start
}

// parse re-reads the document for positions: the one of its chunk's
// documents that starts where this one's does. It parsed once already, so
// errors cannot happen here; a nil tree falls back to Start.
func (d *Document) parse() {
	roots, _ := yamlpos.Parse(d.src.origin(d.Start.File), d.src.text(), limits)
	for _, r := range roots {
		if r.Pos == d.root {
			d.tree = r
			return
		}
	}
}

// Object is a typed Kubernetes object (the same shape as render.KubeObject).
type Object interface {
	metav1.Object
	runtime.Object
}
