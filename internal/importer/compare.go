package importer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/agentscale/agentscale/internal/render"
)

// maxPaths is how many differing fields a note names per object.
const maxPaths = 6

// Compare lists what rendering the imported swarm would change about the
// input: input objects render does not write (left out), objects render
// names differently (its names are SWARM-ROLE), objects render adds, and,
// per object both have, the fields that differ. None means render
// reproduces the input exactly. roles is Result.Roles.
func Compare(input []render.KubeObject, roles map[render.KubeObject]string, rendered []render.Object) ([]Note, error) {
	in, err := plainObjects(input)
	if err != nil {
		return nil, err
	}
	wrapped := make([]render.KubeObject, len(rendered))
	for i, o := range rendered {
		wrapped[i] = o.Obj
	}
	out, err := plainObjects(wrapped)
	if err != nil {
		return nil, err
	}
	// An input object of a role whose name render does not reproduce is
	// paired with the role's rendered object of its kind.
	matched := map[string]bool{}
	var notes []Note
	for i, k := range in.keys {
		r, ok := out.byKey[k]
		if !ok {
			if role, ours := roles[input[i]]; ours {
				if rk := out.ofRole(kindOf(k), role, matched, in.byKey); rk != "" {
					matched[rk] = true
					notes = append(notes, Note{Object: k, Msg: "render names it " + nameOf(rk)})
					r, ok = out.byKey[rk], true
				}
			}
		}
		if !ok {
			notes = append(notes, Note{Object: k, Msg: "not a swarm object: left out of the swarm (keep applying it yourself)"})
			continue
		}
		matched[k] = true
		var paths []string
		diffPaths("", in.byKey[k], r, &paths)
		if msg := summarize(kindOf(k), paths); msg != "" {
			notes = append(notes, Note{Object: k, Msg: msg})
		}
	}
	for _, k := range out.keys {
		if _, ok := in.byKey[k]; !ok && !matched[k] {
			notes = append(notes, Note{Object: k, Msg: "render adds it (not in the input)"})
		}
	}
	return notes, nil
}

// ofRole is the first rendered object of the kind and role not yet paired
// and not itself in the input.
func (s plainSet) ofRole(kind, role string, matched map[string]bool, input map[string]any) string {
	for _, k := range s.keys {
		if kindOf(k) != kind || matched[k] || input[k] != nil {
			continue
		}
		md, _ := s.byKey[k].(map[string]any)["metadata"].(map[string]any)
		ann, _ := md["annotations"].(map[string]any)
		if ann[render.AnnotationRole] == role {
			return k
		}
	}
	return ""
}

func kindOf(key string) string { k, _, _ := strings.Cut(key, "/"); return k }

func nameOf(key string) string { return key[strings.LastIndexByte(key, '/')+1:] }

// summarize words the differing paths of one object: render's standard
// labels and selector once (they differ on every foreign object), then up
// to maxPaths fields.
func summarize(kind string, paths []string) string {
	var labels, selector bool
	var fields []string
	for _, p := range paths {
		switch {
		case p == "metadata.name":
		case strings.Contains(p, "selector") || strings.Contains(p, "labelSelector"):
			selector = true
		case strings.HasPrefix(p, "metadata.labels") || strings.HasPrefix(p, "metadata.annotations") ||
			strings.HasPrefix(p, "spec.template.metadata.labels") || strings.HasPrefix(p, "spec.jobTargetRef.template.metadata.labels"):
			labels = true
		default:
			fields = append(fields, p)
		}
	}
	var parts []string
	if labels {
		parts = append(parts, "agentscale's standard labels and annotations")
	}
	if selector {
		s := "agentscale's selector"
		if kind == "Deployment" || kind == "StatefulSet" {
			s += " (immutable: applying it replaces the workload)"
		}
		parts = append(parts, s)
	}
	if len(fields) > 0 {
		more := ""
		if len(fields) > maxPaths {
			more = fmt.Sprintf(" and %d more", len(fields)-maxPaths)
			fields = fields[:maxPaths]
		}
		parts = append(parts, "other values at "+strings.Join(fields, ", ")+more)
	}
	if len(parts) == 0 {
		return ""
	}
	return "rendered with " + strings.Join(parts, "; ")
}

type plainSet struct {
	keys  []string
	byKey map[string]any
}

// plainObjects encodes objects as render -o json does, so that both sides
// are compared in one canonical form, keyed Kind/namespace/name.
func plainObjects(objs []render.KubeObject) (plainSet, error) {
	ro := make([]render.Object, len(objs))
	for i, o := range objs {
		ro[i] = render.Object{Obj: o, Role: -1}
	}
	var buf bytes.Buffer
	if err := render.EncodeJSON(&buf, ro); err != nil {
		return plainSet{}, err
	}
	var list struct {
		Items []map[string]any `json:"items"`
	}
	if err := json.Unmarshal(buf.Bytes(), &list); err != nil {
		return plainSet{}, err
	}
	set := plainSet{byKey: map[string]any{}}
	for _, it := range list.Items {
		md, _ := it["metadata"].(map[string]any)
		k := fmt.Sprint(it["kind"], "/", md["name"])
		if ns, _ := md["namespace"].(string); ns != "" {
			k = fmt.Sprint(it["kind"], "/", ns, "/", md["name"])
		}
		set.keys = append(set.keys, k)
		set.byKey[k] = it
	}
	return set, nil
}

// diffPaths appends the paths at which a and b differ.
func diffPaths(path string, a, b any, out *[]string) {
	am, aok := a.(map[string]any)
	bm, bok := b.(map[string]any)
	if aok && bok {
		keys := map[string]bool{}
		for k := range am {
			keys[k] = true
		}
		for k := range bm {
			keys[k] = true
		}
		sorted := make([]string, 0, len(keys))
		for k := range keys {
			sorted = append(sorted, k)
		}
		sort.Strings(sorted)
		for _, k := range sorted {
			p := k
			if path != "" {
				p = path + "." + k
			}
			diffPaths(p, am[k], bm[k], out)
		}
		return
	}
	al, aok := a.([]any)
	bl, bok := b.([]any)
	if aok && bok && len(al) == len(bl) {
		for i := range al {
			diffPaths(fmt.Sprintf("%s[%d]", path, i), al[i], bl[i], out)
		}
		return
	}
	if !reflect.DeepEqual(a, b) && !slices.Contains(*out, path) {
		*out = append(*out, path)
	}
}
