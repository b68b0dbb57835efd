package spec

import (
	"math"
	"strings"
)

// positions maps a field path ("spec.roles[1].replicas") to where its key
// and value start in the file. Every field of every environment gets an
// entry, so they are packed: a line and a column in 32 bits each, the
// file once (a Pos per entry made these maps a tenth of validate's page
// faults).
type positions struct {
	file string
	at   map[string]packedPos
}

// fieldPos records where a field's key and its value start.
type fieldPos struct{ Key, Value Pos }

type packedPos struct{ keyLine, keyCol, valueLine, valueCol int32 }

func newPositions(file string, size int) positions {
	return positions{file: file, at: make(map[string]packedPos, size)}
}

// get returns the positions of path, in the file.
func (p positions) get(path string) (fieldPos, bool) {
	pp, ok := p.at[path]
	if !ok {
		return fieldPos{}, false
	}
	return p.unpack(pp), true
}

func (p positions) unpack(pp packedPos) fieldPos {
	var fp fieldPos
	if pp.keyLine > 0 {
		fp.Key = Pos{File: p.file, Line: int(pp.keyLine), Col: int(pp.keyCol)}
	}
	if pp.valueLine > 0 {
		fp.Value = Pos{File: p.file, Line: int(pp.valueLine), Col: int(pp.valueCol)}
	}
	return fp
}

// set records fp for path. The positions of a swarm are all in its file,
// so fp's File is not kept (get returns p.file); a line or column past 32
// bits (beyond any input limit) is not recorded.
func (p positions) set(path string, fp fieldPos) {
	var pp packedPos
	if fp.Key.IsValid() && fp.Key.Line <= math.MaxInt32 && fp.Key.Col <= math.MaxInt32 {
		pp.keyLine, pp.keyCol = int32(fp.Key.Line), int32(fp.Key.Col)
	}
	if fp.Value.IsValid() && fp.Value.Line <= math.MaxInt32 && fp.Value.Col <= math.MaxInt32 {
		pp.valueLine, pp.valueCol = int32(fp.Value.Line), int32(fp.Value.Col)
	}
	p.at[path] = pp
}

// each calls fn with every path and its positions, in no order.
func (p positions) each(fn func(path string, fp fieldPos)) {
	for path, pp := range p.at {
		fn(path, p.unpack(pp))
	}
}

// value returns where the value at path starts, or the nearest ancestor's.
func (p positions) value(path string) Pos {
	for {
		if fp, ok := p.get(path); ok && fp.Value.IsValid() {
			return fp.Value
		}
		if path == "" {
			return Pos{}
		}
		path = parentPath(path)
	}
}

// key returns where the key of path starts (the item, for list items), or
// the nearest ancestor's.
func (p positions) key(path string) Pos {
	for {
		if fp, ok := p.get(path); ok && fp.Key.IsValid() {
			return fp.Key
		}
		if path == "" {
			return Pos{}
		}
		path = parentPath(path)
	}
}

// parentPath drops the last element of a path: "a.b[2]" → "a.b" → "a" → "".
func parentPath(path string) string {
	i := strings.LastIndexAny(path, ".[")
	if i < 0 {
		return ""
	}
	return path[:i]
}

// Pos returns the position of the field at path, e.g.
// "spec.roles[2].disruption": the line of its key, where a person looks to
// change it. Missing fields resolve to their nearest present ancestor, so a
// finding about an absent `resources` points at the role.
func (s *Swarm) Pos(path string) Pos {
	p := s.positions.key(path)
	if !p.IsValid() {
		return Pos{File: s.File}
	}
	return p
}

// ValuePos returns where the value at path starts.
func (s *Swarm) ValuePos(path string) Pos {
	p := s.positions.value(path)
	if !p.IsValid() {
		return Pos{File: s.File}
	}
	return p
}

// Has reports whether the file (after defaults and environment) sets path.
func (s *Swarm) Has(path string) bool {
	_, ok := s.positions.get(path)
	return ok
}

// RolePath is the path of the i-th role, e.g. "spec.roles[1]".
func RolePath(i int) string { return joinIndex("spec.roles", i) }

// RoleField is the path of a field of the i-th role, e.g.
// RoleField(1, "scaling.hpa") = "spec.roles[1].scaling.hpa".
func RoleField(i int, field string) string {
	if field == "" {
		return RolePath(i)
	}
	return RolePath(i) + "." + field
}
