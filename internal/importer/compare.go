package importer

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/agentscale/agentscale/internal/livediff"
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
	m, err := pairUp(input, roles, rendered)
	if err != nil {
		return nil, err
	}
	var notes []Note
	for _, p := range m.pairs {
		if p.out == nil {
			notes = append(notes, Note{Object: p.inKey, Msg: leftOut(kindOf(p.inKey))})
			continue
		}
		if p.outKey != p.inKey {
			notes = append(notes, Note{Object: p.inKey, Msg: "render names it " + nameOf(p.outKey)})
		}
		var paths []path
		diffPaths(nil, p.in, p.out, &paths)
		paths = slices.DeleteFunc(paths, func(at path) bool { return p.serverDefault(at) })
		if msg := m.summarize(p, paths); msg != "" {
			notes = append(notes, Note{Object: p.inKey, Msg: msg})
		}
	}
	for _, k := range m.added {
		notes = append(notes, Note{Object: k, Msg: "render adds it (not in the input)"})
	}
	return notes, nil
}

// leftOut says what to do with an input object the swarm does not stand
// for. An autoscaler left over (a second one on a workload, or one whose
// target is not in the input) is not to be kept: beside the role's it
// would fight it, or scale nothing.
func leftOut(kind string) string {
	switch kind {
	case "HorizontalPodAutoscaler", "ScaledObject", "ScaledJob":
		return "an autoscaler no role stands for (a second one on its workload, or one whose target is not in the input): left out of the swarm; delete it rather than keep applying it, or it fights the role's autoscaler or scales nothing (lint: conflicting-autoscalers, dangling-autoscaler)"
	}
	return "not a swarm object: left out of the swarm (keep applying it yourself)"
}

// pair is an input object and the rendered object that stands for it
// (out nil: none does).
type pair struct {
	inKey, outKey string
	in, out       any
	live          bool // the input object was read from a cluster
}

type matching struct {
	pairs []pair
	added []string // rendered objects no input object stands for
	// renamed are the names of input objects render writes under another
	// name: references to them are render's to write.
	renamed map[string]bool
}

// pairUp pairs each input object with its rendered object: the one of the
// same kind and name, else (render names objects SWARM-ROLE) the role's
// rendered object of its kind.
func pairUp(input []render.KubeObject, roles map[render.KubeObject]string, rendered []render.Object) (matching, error) {
	wrapped := make([]render.Object, len(input))
	for i, o := range input {
		wrapped[i] = render.Object{Obj: o, Role: -1}
	}
	in, err := plainObjects(wrapped)
	if err != nil {
		return matching{}, err
	}
	out, err := plainObjects(rendered)
	if err != nil {
		return matching{}, err
	}
	m := matching{renamed: map[string]bool{}}
	matched := map[string]bool{}
	for i, k := range in.keys {
		p := pair{inKey: k, in: in.byKey[k], live: in.live[k]}
		if r, ok := out.byKey[k]; ok {
			p.outKey, p.out = k, r
		} else if role, ours := roles[input[i]]; ours {
			if rk := out.ofRole(kindOf(k), role, matched, in.byKey); rk != "" {
				p.outKey, p.out = rk, out.byKey[rk]
			}
		}
		if p.out != nil {
			matched[p.outKey] = true
			if p.outKey != p.inKey {
				m.renamed[nameOf(p.inKey)] = true
			}
		}
		m.pairs = append(m.pairs, p)
	}
	for _, k := range out.keys {
		if _, ok := in.byKey[k]; !ok && !matched[k] {
			m.added = append(m.added, k)
		}
	}
	return m, nil
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
func (m matching) summarize(pr pair, paths []path) string {
	kind := kindOf(pr.inKey)
	var labels, selector bool
	var fields []string
	for _, p := range paths {
		switch m.classify(pr, p) {
		case classIdentity, classAutoscaled:
		case classSelector:
			selector = true
		case classLabels:
			labels = true
		default:
			fields = append(fields, p.String())
		}
	}
	var parts []string
	if labels {
		parts = append(parts, "agentscale's standard labels and annotations")
	}
	if selector {
		s := "agentscale's selector"
		if kind == "Deployment" || kind == "StatefulSet" || kind == "DaemonSet" || kind == "Job" {
			s += " (immutable: the API server refuses the change; delete the old workload first, or let render's new name create a new one)"
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
	// live marks objects read back from a cluster (server fields were
	// stripped): the server fills defaults render does not write.
	live map[string]bool
}

// plainObjects encodes objects as render -o json does, so that both sides
// are compared in one canonical form, keyed Kind/namespace/name.
func plainObjects(objs []render.Object) (plainSet, error) {
	items, err := render.PlainObjects(objs)
	if err != nil {
		return plainSet{}, err
	}
	set := plainSet{byKey: map[string]any{}, live: map[string]bool{}}
	for _, it := range items {
		live := livediff.StripServerFields(it)
		md, _ := it["metadata"].(map[string]any)
		ns, _ := md["namespace"].(string)
		k := refOf(fmt.Sprint(it["kind"]), ns, fmt.Sprint(md["name"]))
		set.keys = append(set.keys, k)
		set.byKey[k] = it
		set.live[k] = live
	}
	return set, nil
}

// path is a field's location: map keys and list indexes.
type path []string

// String is the dotted form people read: spec.containers[0].image.
func (p path) String() string {
	var b strings.Builder
	for _, seg := range p {
		if strings.HasPrefix(seg, "[") {
			b.WriteString(seg)
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(seg)
	}
	return b.String()
}

// pointer is the JSON pointer (RFC 6901) of a JSON 6902 patch.
func (p path) pointer() string {
	var b strings.Builder
	for _, seg := range p {
		b.WriteByte('/')
		seg = strings.TrimSuffix(strings.TrimPrefix(seg, "["), "]")
		b.WriteString(strings.NewReplacer("~", "~0", "/", "~1").Replace(seg))
	}
	return b.String()
}

// What a differing field is, for the report and for what import carries
// into patches.
const (
	classField      = iota // a value the swarm's render should keep as the input has it
	classIdentity          // the object's name, or a reference to another object by name
	classSelector          // a label selector: render selects by its own labels
	classLabels            // render's standard labels and annotations
	classAutoscaled        // a workload's replicas, which its autoscaler owns
)

// classify says what a differing field of a pair is. References to other
// objects by name are identity only when they name an input object render
// renames (its own ServiceAccount, say); a reference to something outside
// the input (an IRSA ServiceAccount) is a field to keep.
func (m matching) classify(p pair, at path) int {
	s := at.String()
	switch {
	case s == "metadata.name" || s == "metadata.namespace":
		return classIdentity
	case isReference(s):
		v, _ := valueAt(p.in, at)
		if name, ok := v.(string); ok && m.renamed[name] {
			return classIdentity
		}
		return classField
	case s == "spec.replicas" && autoscaled(p.out):
		return classAutoscaled
	case s == "spec.selector" || strings.HasPrefix(s, "spec.selector.") || s == "spec.podSelector" || strings.HasPrefix(s, "spec.podSelector."):
		return classSelector
	case strings.HasPrefix(s, "metadata.labels") || strings.HasPrefix(s, "metadata.annotations"):
		return classLabels
	}
	// Pod template labels: render's standard ones are render's; the
	// input's others (azure.workload.identity/use, a team label) are kept.
	for _, t := range []string{"spec.template.metadata.labels", "spec.jobTargetRef.template.metadata.labels"} {
		if s == t {
			return classLabels
		}
		if k, ok := strings.CutPrefix(s, t+"."); ok && strings.HasPrefix(k, "app.kubernetes.io/") {
			return classLabels
		}
	}
	return classField
}

func isReference(s string) bool {
	for _, suffix := range []string{"scaleTargetRef.name", "authenticationRef.name", "serviceAccountName", "spec.serviceName", "describedObject.name"} {
		if strings.HasSuffix(s, suffix) {
			return true
		}
	}
	return false
}

// autoscaled reports whether render left the workload's replicas to an
// autoscaler: carrying the input's count would have every apply reset it.
func autoscaled(rendered any) bool {
	md, _ := rendered.(map[string]any)["metadata"].(map[string]any)
	ann, _ := md["annotations"].(map[string]any)
	return ann[render.AnnotationAutoscaler] != nil
}

// diffPaths appends the paths at which a and b differ: the deepest map
// key both sides reach, or a whole list of another length.
func diffPaths(at path, a, b any, out *[]path) {
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
			diffPaths(append(slices.Clip(at), k), am[k], bm[k], out)
		}
		return
	}
	// Lists are compared item by item, the longer one's extra items as
	// added or removed at their index: a sidecar beside the role's
	// container is one add at containers/1, not a replace of the whole
	// list that would also pin the role's own container, so that editing
	// the role changes nothing under the imported environment. Removals
	// come last first, so each index is still valid when it is applied.
	al, aok := a.([]any)
	bl, bok := b.([]any)
	if aok && bok {
		for i := range min(len(al), len(bl)) {
			diffPaths(append(slices.Clip(at), fmt.Sprintf("[%d]", i)), al[i], bl[i], out)
		}
		for i := len(bl); i < len(al); i++ {
			*out = append(*out, append(slices.Clip(at), fmt.Sprintf("[%d]", i)))
		}
		for i := len(bl) - 1; i >= len(al); i-- {
			*out = append(*out, append(slices.Clip(at), fmt.Sprintf("[%d]", i)))
		}
		return
	}
	if !reflect.DeepEqual(a, b) {
		*out = append(*out, at)
	}
}

// valueAt is the value at p in o, and whether it is there.
func valueAt(o any, p path) (any, bool) {
	cur := o
	for _, seg := range p {
		switch c := cur.(type) {
		case map[string]any:
			v, ok := c[seg]
			if !ok {
				return nil, false
			}
			cur = v
		case []any:
			var i int
			if _, err := fmt.Sscanf(seg, "[%d]", &i); err != nil || i < 0 || i >= len(c) {
				return nil, false
			}
			cur = c[i]
		default:
			return nil, false
		}
	}
	return cur, true
}
