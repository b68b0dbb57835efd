package manifest

import (
	"sync"

	yaml "go.yaml.in/yaml/v3"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/agentscale/agentscale/internal/spec"
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
	prefix string // "items[3]" for an item of a v1 List

	once sync.Once
	root *yaml.Node // parsed on the first Pos call
}

// Pos returns where the field at path ("spec.template.spec.containers[0]")
// starts: the line of its key, or the item for list elements. A field that
// is absent resolves to its nearest present ancestor, and at worst to the
// start of the document. Safe for concurrent use.
func (d *Document) Pos(path string) spec.Pos {
	d.once.Do(d.parse)
	if d.root == nil {
		return d.Start
	}
	full := path
	if d.prefix != "" {
		full = d.prefix
		if path != "" {
			full += "." + path
		}
	}
	line, col := locate(d.root, full)
	if line == 0 {
		return d.Start
	}
	return lineMap{line: d.src.line, col: d.src.col}.pos(d.Start.File, line, col)
}

// parse re-reads the document for positions. It parsed once already, so
// errors cannot happen here; a nil root falls back to Start.
func (d *Document) parse() {
	var n yaml.Node
	if err := yaml.Unmarshal(d.src.data, &n); err == nil && len(n.Content) > 0 {
		d.root = n.Content[0]
	}
}

// Object is a typed Kubernetes object (the same shape as render.KubeObject).
type Object interface {
	metav1.Object
	runtime.Object
}
