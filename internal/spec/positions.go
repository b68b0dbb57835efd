package spec

import "strings"

// positions maps a field path ("spec.roles[1].replicas") to where its key
// and value start in the file.
type positions map[string]fieldPos

// value returns where the value at path starts, or the nearest ancestor's.
func (p positions) value(path string) Pos {
	for {
		if fp, ok := p[path]; ok && fp.Value.IsValid() {
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
		if fp, ok := p[path]; ok && fp.Key.IsValid() {
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
	_, ok := s.positions[path]
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
