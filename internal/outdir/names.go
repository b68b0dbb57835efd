package outdir

import (
	"fmt"
	"strings"

	"github.com/agentscale/agentscale/internal/render"
)

// fileNames returns one file name per object: <kind>-<name>.yaml, with the
// kind lower-cased. Two objects that would share a name (the same kind and
// name in different API groups or namespaces) get the group and then the
// namespace added, so names stay stable and never collide.
func fileNames(objs []render.Object) ([]string, error) {
	names := make([]string, len(objs))
	for i, o := range objs {
		names[i] = fileName(o, false, false)
	}
	for _, level := range [][2]bool{{true, false}, {true, true}} {
		dup := duplicates(names)
		if len(dup) == 0 {
			break
		}
		for i, o := range objs {
			if dup[names[i]] {
				names[i] = fileName(o, level[0], level[1])
			}
		}
	}
	if dup := duplicates(names); len(dup) > 0 {
		for i := range names {
			if dup[names[i]] {
				return nil, fmt.Errorf("two objects would both be written to %s: each object needs its own kind, name and namespace", names[i])
			}
		}
	}
	return names, nil
}

func fileName(o render.Object, withGroup, withNamespace bool) string {
	gvk := o.Obj.GetObjectKind().GroupVersionKind()
	kind := strings.ToLower(gvk.Kind)
	if withGroup {
		group := gvk.Group
		if group == "" {
			group = "core"
		}
		kind += "." + group
	}
	name := o.Obj.GetName()
	if withNamespace && o.Obj.GetNamespace() != "" {
		name = o.Obj.GetNamespace() + "." + name
	}
	return safe(kind) + "-" + safe(name) + ".yaml"
}

// safe keeps a name usable as a file name on every OS. Kubernetes names are
// already safe; this guards against a patch that sets an odd one.
func safe(s string) string {
	s = strings.TrimLeft(s, ".")
	if s == "" {
		return "_"
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '.', r == '_':
			return r
		}
		return '_'
	}, s)
}

func duplicates(names []string) map[string]bool {
	seen := make(map[string]int, len(names))
	for _, n := range names {
		seen[strings.ToLower(n)]++
	}
	var dup map[string]bool
	for _, n := range names {
		if seen[strings.ToLower(n)] > 1 {
			if dup == nil {
				dup = map[string]bool{}
			}
			dup[n] = true
		}
	}
	return dup
}
