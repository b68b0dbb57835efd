package yamlpos

import (
	"strconv"

	"github.com/agentscale/agentscale/internal/diag"
)

// treeSink builds Nodes, handing them out from slabs that double up to
// 256: few allocations for a large document, little waste for a small one
// (a stream's documents share them).
type treeSink struct {
	root  *Node
	stack []*Node
	slab  []Node
}

func (t *treeSink) alloc(k Kind, pos diag.Pos) *Node {
	if len(t.slab) == cap(t.slab) {
		t.slab = make([]Node, 0, min(256, max(8, 2*cap(t.slab))))
	}
	t.slab = append(t.slab, Node{Kind: k, Pos: pos})
	return &t.slab[len(t.slab)-1]
}

// place puts n where it belongs: the root, a list's next item, or the
// value of the key just read.
func (t *treeSink) place(n *Node) {
	if len(t.stack) == 0 {
		t.root = n
		return
	}
	p := t.stack[len(t.stack)-1]
	if p.Kind == List {
		p.Items = append(p.Items, n)
		return
	}
	p.Vals = append(p.Vals, n)
}

func (t *treeSink) mapStart(pos diag.Pos) {
	n := t.alloc(Map, pos)
	t.place(n)
	t.stack = append(t.stack, n)
}

func (t *treeSink) key(name string, pos diag.Pos) {
	p := t.stack[len(t.stack)-1]
	p.Keys = append(p.Keys, Key{Name: name, Pos: pos})
}

func (t *treeSink) mapEnd() { t.stack = t.stack[:len(t.stack)-1] }

func (t *treeSink) listStart(pos diag.Pos) {
	n := t.alloc(List, pos)
	n.Items = []*Node{}
	t.place(n)
	t.stack = append(t.stack, n)
}

func (t *treeSink) listEnd() { t.stack = t.stack[:len(t.stack)-1] }

func (t *treeSink) scalar(pos diag.Pos, tag string, v scalarValue) {
	n := t.alloc(Scalar, pos)
	n.Tag, n.Value = tag, v.any()
	t.place(n)
}

// jsonSink writes JSON, the form kubectl sends to the API server:
// mappings become objects in key order, scalars their resolved values.
type jsonSink struct {
	buf   []byte
	first []bool // per open collection: nothing written in it yet
	value bool   // a key was just written: its value comes without a comma
}

func (j *jsonSink) sep() {
	if j.value {
		j.value = false
		return
	}
	if n := len(j.first); n > 0 {
		if !j.first[n-1] {
			j.buf = append(j.buf, ',')
		}
		j.first[n-1] = false
	}
}

func (j *jsonSink) open(c byte) {
	j.sep()
	j.buf = append(j.buf, c)
	j.first = append(j.first, true)
}

func (j *jsonSink) close(c byte) {
	j.buf = append(j.buf, c)
	j.first = j.first[:len(j.first)-1]
}

func (j *jsonSink) mapStart(diag.Pos)  { j.open('{') }
func (j *jsonSink) mapEnd()            { j.close('}') }
func (j *jsonSink) listStart(diag.Pos) { j.open('[') }
func (j *jsonSink) listEnd()           { j.close(']') }

func (j *jsonSink) key(name string, _ diag.Pos) {
	j.sep()
	j.buf = appendString(j.buf, name)
	j.buf = append(j.buf, ':')
	j.value = true
}

func (j *jsonSink) scalar(_ diag.Pos, _ string, v scalarValue) {
	j.sep()
	switch v.kind {
	case boolValue:
		j.buf = strconv.AppendBool(j.buf, v.b)
	case intValue:
		j.buf = strconv.AppendInt(j.buf, v.i, 10)
	case floatValue:
		j.buf = strconv.AppendFloat(j.buf, v.f, 'g', -1, 64)
	case stringValue:
		j.buf = appendString(j.buf, v.s)
	default:
		j.buf = append(j.buf, "null"...)
	}
}

func appendScalar(buf []byte, value any) []byte {
	switch v := value.(type) {
	case bool:
		return strconv.AppendBool(buf, v)
	case int64:
		return strconv.AppendInt(buf, v, 10)
	case float64:
		return strconv.AppendFloat(buf, v, 'g', -1, 64)
	case string:
		return appendString(buf, v)
	}
	return append(buf, "null"...)
}

// discard receives values and keeps none: Doc.Check.
type discard struct{}

func (discard) mapStart(diag.Pos)                    {}
func (discard) key(string, diag.Pos)                 {}
func (discard) mapEnd()                              {}
func (discard) listStart(diag.Pos)                   {}
func (discard) listEnd()                             {}
func (discard) scalar(diag.Pos, string, scalarValue) {}
