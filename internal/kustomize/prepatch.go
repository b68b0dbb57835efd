package kustomize

import (
	"errors"
	"fmt"
	"regexp/syntax"
	"sort"
	"strconv"
	"strings"

	"github.com/agentscale/agentscale/internal/render"
	"github.com/agentscale/agentscale/internal/spec"
	jsonpatch "gopkg.in/evanphx/json-patch.v4"
	"sigs.k8s.io/kustomize/api/builtins"
	"sigs.k8s.io/kustomize/api/hasher"
	"sigs.k8s.io/kustomize/api/resmap"
	"sigs.k8s.io/kustomize/api/resource"
	"sigs.k8s.io/kustomize/api/types"
	"sigs.k8s.io/kustomize/kyaml/openapi"
	kyaml "sigs.k8s.io/kustomize/kyaml/yaml"
	"sigs.k8s.io/yaml"
)

// errNeedsKrusty sends Apply back to the plain per-batch krusty build, for
// what the pre-pass does not handle (see prePatch).
var errNeedsKrusty = errors.New("kustomize: patches need the full build")

// patchError is the failure of one patch (index -1: of a run of them,
// -2: of the patches together).
type patchError struct {
	index int
	err   error
}

func (e *patchError) Error() string { return e.err.Error() }

// applyPrepatched is apply with the patches taken out of krusty: they run
// first, once over all objects (kustomize runs PatchTransformer before any
// other transformer this package uses), with kustomize's own
// PatchTransformer, each patch only on the objects its target can select.
// krusty then builds the remaining fields batch by batch, as apply does.
func applyPrepatched(s *spec.Swarm, k *spec.Kustomize, objs []render.Object, size int) (out []render.Object, err error) {
	res, err := prePatch(k, objs, true)
	var pe *patchError
	if errors.As(err, &pe) && pe.index < 0 {
		// A run of patches applied as one failed: apply them one by one
		// to find the one that fails.
		res, err = prePatch(k, objs, false)
	}
	if errors.As(err, &pe) && pe.index == -2 && len(objs) <= size {
		// Two objects with one ID, and krusty builds them all at once: its
		// own error names the patch that made them collide.
		return nil, errNeedsKrusty
	}
	if errors.As(err, &pe) && pe.index != -1 {
		path := envPath(s.Env) + ".kustomize.patches"
		if pe.index >= 0 {
			path += "[" + strconv.Itoa(pe.index) + "]"
		}
		return nil, &spec.Error{Pos: s.Pos(path), Path: strings.TrimPrefix(path, "spec."), Msg: "kustomize: " + message(pe.err)}
	}
	if err != nil {
		return nil, err
	}
	if err := checkMetadataSize(s, res); err != nil {
		return nil, err
	}
	rest := *k
	rest.Patches = nil
	var built []indexed
	for _, batch := range batches(objs, size) {
		var buf strings.Builder
		for _, i := range batch {
			if res[i] == nil { // deleted by a patch
				continue
			}
			data, err := res[i].AsYAML()
			if err != nil {
				return nil, err
			}
			buf.WriteString("---\n")
			buf.Write(data)
		}
		if buf.Len() == 0 {
			continue
		}
		resources := []byte(buf.String())
		m, err := build(&rest, resources)
		if err != nil {
			return nil, locate(s, &rest, resources, err)
		}
		b, err := decode(m, objs)
		if err != nil {
			return nil, err
		}
		built = append(built, b...)
	}
	return inOrder(built), nil
}

// maxMetadata bounds the labels and annotations patches may leave on one
// object: kustomize's later transformers (name references, labels,
// annotations) are quadratic in them (5,000 annotations: 2 s), while the
// API server allows 256 KiB of annotations, rarely a hundred keys.
const maxMetadata = 1000

// checkMetadataSize refuses patches that leave an object with more than
// maxMetadata labels and annotations.
func checkMetadataSize(s *spec.Swarm, res []*resource.Resource) error {
	for _, r := range res {
		if r == nil {
			continue
		}
		n := len(r.GetLabels())
		for k := range r.GetAnnotations() {
			if !strings.HasPrefix(k, "internal.config.kubernetes.io/") && !strings.HasPrefix(k, "config.kubernetes.io/") && k != annotationIndex {
				n++
			}
		}
		if n > maxMetadata {
			path := envPath(s.Env) + ".kustomize.patches"
			return &spec.Error{Pos: s.Pos(path), Path: strings.TrimPrefix(path, "spec."),
				Msg: fmt.Sprintf("the patches leave %s %s with %d labels and annotations; at most %d per object are supported", r.GetKind(), r.GetName(), n, maxMetadata)}
		}
	}
	return nil
}

// prePatch applies k's patches to objs in order and returns the resource
// each object became (nil when a patch deleted it), build annotations
// (previous names, kinds, namespaces) included, so that krusty's later
// transformers and its name-reference pass see what they would have seen.
//
// With combine, runs of patches on one object are applied as one patch
// (one JSON round trip, one merge); a failure of such a run comes back as
// a patchError of index -1, and the caller applies them one by one.
func prePatch(k *spec.Kustomize, objs []render.Object, combine bool) (res []*resource.Resource, err error) {
	// kustomize is a large engine fed user-written patches: a panic in it
	// must become an error at the patch (cur is the one being applied; in
	// a combined run it is unknown, -1, and the caller tries again
	// uncombined).
	cur := -1
	var first *patchError // the earliest patch that failed on an object so far
	defer func() {
		if r := recover(); r != nil {
			at := cur
			if combine {
				at = -1
			}
			res, err = nil, &patchError{at, fmt.Errorf("kustomize failed: %v", r)}
			if at >= 0 && first != nil && first.index <= at {
				res, err = nil, first // kustomize stops there before reaching the panic
			}
		}
	}()
	all := make([]int, len(objs))
	for i := range all {
		all[i] = i
	}
	data, err := encode(objs, all)
	if err != nil {
		return nil, err
	}
	// What krusty.Run does first: the built-in schema, and the same factory.
	if err := openapi.SetSchema(nil, nil, true); err != nil {
		return nil, err
	}
	rmF := resmap.NewFactory(resource.NewFactory(&hasher.Hasher{}))
	res, err = rmF.RF().SliceFromBytes(data)
	if err != nil {
		return nil, err
	}
	if len(res) != len(objs) {
		return nil, errNeedsKrusty
	}
	h := resmap.NewPluginHelpers(nil, nil, rmF, types.DisabledPluginConfig())
	kz := kustomization(k, nil, nil)

	// As kusttarget: configure every patch, then run them in order.
	plugins := make([]*builtins.PatchTransformerPlugin, len(kz.Patches))
	for i, p := range kz.Patches {
		cur = i
		pl, err := configure(h, p)
		if err != nil {
			return nil, &patchError{i, err}
		}
		if p.Target == nil || p.Path != "" {
			// A strategic-merge patch that names no object of its own
			// (several documents, say): kustomize matches it by ID.
			return nil, errNeedsKrusty
		}
		plugins[i] = pl
	}
	for i, pl := range plugins {
		cur = i
		// Once on no objects: errors of the patch itself (a bad selector
		// regex, several SM patches with a target) do not depend on them.
		if err := pl.Transform(resmap.New()); err != nil {
			return nil, &patchError{i, err}
		}
	}
	ps, err := classify(rmF, kz.Patches, &cur)
	if err != nil {
		return nil, err
	}
	ps.combine = combine
	// kustomize runs each patch over every object before the next patch:
	// of the objects that fail, the one failing at the earliest patch
	// (the first such object) has the error a build reports.
	for i := range res {
		r, err := ps.applyAll(h, plugins, res[i])
		var pe *patchError
		switch {
		case errors.As(err, &pe) && pe.index >= 0:
			if first == nil || pe.index < first.index {
				first = pe
			}
		case err != nil:
			return nil, err
		}
		res[i] = r
	}
	if first != nil {
		return nil, first
	}
	// Two objects with one ID: kustomize refuses that in one build, and
	// built in batches they would both be written.
	seen := map[string]bool{}
	for _, r := range res {
		if r == nil {
			continue
		}
		id := r.CurId()
		if seen[id.String()] {
			ns := ""
			if id.Namespace != "" {
				ns = " in namespace " + id.Namespace
			}
			return nil, &patchError{-2, fmt.Errorf("the patches leave two objects %s %s%s: each object needs its own kind, name and namespace", id.Kind, id.Name, ns)}
		}
		seen[id.String()] = true
	}
	return res, nil
}

// patchInfo is what prePatch knows of one patch besides its plugin.
type patchInfo struct {
	target *types.Selector
	json   string // the JSON 6902 operations as JSON text, "" for a SM patch
	test   bool   // has a "test" operation
	moves  bool   // may change the object's ID or a map Select reads whole
	labels bool   // sets or removes single labels
	annos  bool   // sets or removes single (non-internal) annotations

	// A SM patch that is plain maps and scalars (no lists, nulls, $
	// directives, aliases, comments, internal annotations) can be merged
	// with the next such patch on the same object into one.
	plain *kyaml.RNode
}

type patchSet struct {
	info           []patchInfo
	byName, byKind map[string][]int
	rest           []int
	combine        bool // apply runs of patches as one (see applyAll)
	cur            *int // the patch being applied, for a panic's report
}

// classify tells SM from JSON 6902 patches as PatchTransformerPlugin.Config
// does, and indexes the patches by the literal name or kind they target.
func classify(rmF *resmap.Factory, patches []types.Patch, cur *int) (*patchSet, error) {
	ps := &patchSet{info: make([]patchInfo, len(patches)), byName: map[string][]int{}, byKind: map[string][]int{}, cur: cur}
	for i, p := range patches {
		*cur = i
		text := strings.TrimSpace(p.Patch)
		info := patchInfo{target: p.Target}
		sm, errSM := rmF.RF().SliceFromBytes([]byte(text))
		for _, r := range sm {
			if r.NameChangeAllowed() || r.KindChangeAllowed() {
				// A SM patch that may rename: kustomize checks for two
				// objects with one ID after it, over all objects at once.
				return nil, errNeedsKrusty
			}
		}
		if errSM == nil && len(sm) == 1 && isPlain(sm[0].YNode()) {
			info.plain = &sm[0].RNode
			if m := sm[0].Field(kyaml.MetadataField); m != nil {
				info.labels = m.Value.Field(kyaml.LabelsField) != nil
				if a := m.Value.Field(kyaml.AnnotationsField); a != nil {
					info.annos = true
					for _, k := range a.Value.Content() {
						if strings.HasPrefix(k.Value, "internal.config.kubernetes.io/") {
							info.plain = nil
						}
					}
				}
			}
		}
		if errSM != nil {
			js := text
			if !strings.HasPrefix(js, "[") {
				b, err := yaml.YAMLToJSON([]byte(text))
				if err != nil {
					return nil, &patchError{i, err}
				}
				js = string(b)
			}
			ops, err := jsonpatch.DecodePatch([]byte(js))
			if err != nil {
				return nil, &patchError{i, err}
			}
			info.json = strings.TrimSpace(js)
			for _, op := range ops {
				if op.Kind() == "test" {
					info.test = true
				}
				paths := []string{}
				if path, err := op.Path(); err == nil {
					paths = append(paths, path)
				} else {
					info.moves = true
				}
				if op.Kind() == "move" {
					from, err := op.From()
					if err != nil {
						info.moves = true
					}
					paths = append(paths, from)
				}
				for _, path := range paths {
					switch touches(path) {
					case touchID:
						info.moves = true
					case touchLabel:
						info.labels = true
					case touchAnnotation:
						info.annos = true
					}
				}
			}
		}
		ps.info[i] = info
		if name, ok := literal(p.Target.Name); ok {
			ps.byName[name] = append(ps.byName[name], i)
		} else if kind, ok := literal(p.Target.Kind); ok {
			ps.byKind[kind] = append(ps.byKind[kind], i)
		} else {
			ps.rest = append(ps.rest, i)
		}
	}
	return ps, nil
}

const (
	touchNothing = iota
	touchLabel
	touchAnnotation
	touchID // name, namespace, kind, apiVersion, whole maps, internal annotations
)

// touches says what of the fields Select and transformJson6902 read a JSON
// pointer reaches.
func touches(path string) int {
	if !strings.HasPrefix(path, "/") {
		return touchID // the whole document, or not a JSON pointer (the patch fails when applied)
	}
	tok := strings.Split(path, "/")[1:]
	for i := range tok {
		tok[i] = strings.ReplaceAll(strings.ReplaceAll(tok[i], "~1", "/"), "~0", "~")
	}
	switch {
	case tok[0] == "kind" || tok[0] == "apiVersion":
		return touchID
	case tok[0] != "metadata":
		return touchNothing
	case len(tok) == 1:
		return touchID
	case tok[1] == "name" || tok[1] == "namespace":
		return touchID
	case tok[1] != "labels" && tok[1] != "annotations":
		return touchNothing
	case len(tok) == 2:
		return touchID
	case tok[1] == "labels":
		return touchLabel
	case strings.HasPrefix(tok[2], "internal.config.kubernetes.io/") || strings.HasPrefix(tok[2], "config.kubernetes.io/") || tok[2] == "config.k8s.io/id":
		return touchID
	}
	return touchAnnotation
}

// relevant returns, in order, the patches from index from on whose target
// can select r by its current kind and names.
func (ps *patchSet) relevant(r *resource.Resource, from int) []int {
	cur := r.CurId()
	var l []int
	for _, src := range [][]int{ps.byName[r.OrgId().Name], ps.byName[cur.Name], ps.byKind[cur.Kind], ps.rest} {
		j := sort.SearchInts(src, from)
		l = append(l, src[j:]...)
	}
	sort.Ints(l)
	out := l[:0]
	for i, p := range l {
		if i == 0 || p != l[i-1] {
			out = append(out, p)
		}
	}
	return out
}

// applyAll runs every patch over r alone, in order. With ps.combine, runs
// of JSON 6902 patches that leave what Select reads alone are applied as
// one patch (one JSON round trip instead of one per patch): a run ends
// before a patch whose selector reads what the run changed, before a
// "test" (which sees each patch's round-tripped document in kustomize),
// before a strategic-merge patch, and after a patch that may change the
// ID. Runs of plain strategic-merge patches of one kind are overlaid into
// one patch and applied once with kustomize's strategic merge.
func (ps *patchSet) applyAll(h *resmap.PluginHelpers, plugins []*builtins.PatchTransformerPlugin, r *resource.Resource) (*resource.Resource, error) {
	ru := &runner{ps: ps, h: h, plugins: plugins, r: r}
	from := 0
	for again := true; again && ru.r != nil; {
		again = false
		for _, i := range ps.relevant(ru.r, from) {
			from = i + 1
			*ps.cur = i
			moved, deleted, err := ru.patch(i)
			if err != nil {
				return nil, err
			}
			if deleted {
				return nil, nil // $patch: delete, or a patch that emptied it
			}
			if moved {
				again = true // names or kind may have changed: look again
				break
			}
		}
	}
	if err := ru.flushJSON(); err != nil {
		return nil, err
	}
	if err := ru.flushSM(); err != nil {
		return nil, err
	}
	if ru.r.IsNilOrEmpty() {
		return nil, nil // multiTransformer drops empties
	}
	return ru.r, nil
}

// runner applies patches to one object, collecting runs.
type runner struct {
	ps      *patchSet
	h       *resmap.PluginHelpers
	plugins []*builtins.PatchTransformerPlugin
	r       *resource.Resource

	json                 []int    // the run of JSON 6902 patches
	ops                  []string // their operations, without [ ]
	jsonLabels, jsonAnno bool     // the run sets single labels, annotations
	sm                   []int    // the run of plain strategic-merge patches
	smNode               *kyaml.RNode
	smLabels, smAnno     bool
}

// fail attributes an error to the patch, or to no patch (-1) when a run of
// several failed as one.
func fail(run []int, err error) error {
	if len(run) == 1 {
		return &patchError{run[0], err}
	}
	return &patchError{-1, err}
}

// one is r alone in a ResMap, as a transformer takes it.
func (ru *runner) one() (resmap.ResMap, error) {
	m := resmap.New()
	return m, m.Append(ru.r)
}

// selects reports whether patch i's target selects r as it is now.
func (ru *runner) selects(i int) (bool, error) {
	m, err := ru.one()
	if err != nil {
		return false, err
	}
	sel, err := m.Select(*ru.ps.info[i].target)
	if err != nil {
		return false, &patchError{i, err}
	}
	return len(sel) > 0, nil
}

// patch applies (or queues) patch i.
func (ru *runner) patch(i int) (moved, deleted bool, err error) {
	info := ru.ps.info[i]
	if info.json == "" {
		if err := ru.flushJSON(); err != nil {
			return false, false, err
		}
		if (ru.smLabels && info.target.LabelSelector != "") || (ru.smAnno && info.target.AnnotationSelector != "") {
			if err := ru.flushSM(); err != nil {
				return false, false, err
			}
		}
		if ok, err := ru.selects(i); !ok || err != nil {
			return false, false, err
		}
		if info.plain != nil && ru.ps.combine && ru.joins(info.plain) {
			if ru.smNode == nil {
				ru.smNode = info.plain.Copy()
			} else {
				overlay(ru.smNode.YNode(), info.plain.Copy().YNode()) // a copy: overlay links its nodes in
			}
			ru.sm = append(ru.sm, i)
			ru.smLabels = ru.smLabels || info.labels
			ru.smAnno = ru.smAnno || info.annos
			return false, false, nil
		}
		if err := ru.flushSM(); err != nil {
			return false, false, err
		}
		m, err := ru.one()
		if err != nil {
			return false, false, err
		}
		if err := ru.plugins[i].Transform(m); err != nil { // kustomize's own, on r alone
			return false, false, &patchError{i, err}
		}
		deleted := m.Size() == 0 || ru.r.IsNilOrEmpty()
		if err := ru.whole(); err != nil && !deleted {
			return false, false, &patchError{i, err}
		}
		return false, deleted, nil
	}
	if err := ru.flushSM(); err != nil {
		return false, false, err
	}
	if (ru.jsonLabels && info.target.LabelSelector != "") || (ru.jsonAnno && info.target.AnnotationSelector != "") {
		if err := ru.flushJSON(); err != nil {
			return false, false, err
		}
	}
	if ok, err := ru.selects(i); !ok || err != nil {
		return false, false, err
	}
	if info.test {
		if err := ru.flushJSON(); err != nil {
			return false, false, err
		}
	}
	if inner := strings.TrimSpace(info.json[1 : len(info.json)-1]); inner != "" {
		ru.ops = append(ru.ops, inner)
	}
	ru.json = append(ru.json, i) // an empty patch still round-trips r and stores its ID
	ru.jsonLabels = ru.jsonLabels || info.labels
	ru.jsonAnno = ru.jsonAnno || info.annos
	if info.moves || !ru.ps.combine {
		if err := ru.flushJSON(); err != nil {
			return false, false, err
		}
		return info.moves, ru.r.IsNilOrEmpty(), nil
	}
	return false, false, nil
}

// joins reports whether a plain strategic-merge patch can join the run:
// the same apiVersion and kind, and no field that is a map on one side and
// not on the other (merge2 fails on it, or replaces a whole map).
func (ru *runner) joins(p *kyaml.RNode) bool {
	if ru.smNode != nil && (ru.smNode.GetApiVersion() != p.GetApiVersion() || ru.smNode.GetKind() != p.GetKind()) {
		return false
	}
	return !conflicts(p, &ru.r.RNode) && (ru.smNode == nil || !conflicts(p, ru.smNode))
}

// flushJSON applies the run of JSON 6902 patches as one.
func (ru *runner) flushJSON() error {
	if len(ru.json) == 0 {
		return nil
	}
	run, text := ru.json, "["+strings.Join(ru.ops, ",")+"]"
	ru.json, ru.ops, ru.jsonLabels, ru.jsonAnno = nil, nil, false, false
	if err := transform(ru.h, ru.r, text); err != nil {
		return fail(run, err)
	}
	if err := ru.whole(); err != nil && !ru.r.IsNilOrEmpty() {
		return fail(run, err)
	}
	return dedupePrevIds(ru.r)
}

// whole refuses an object a patch left without what every object needs
// (kustomize would fail later, printing the object as a Go struct).
func (ru *runner) whole() error {
	var missing []string
	if ru.r.GetApiVersion() == "" {
		missing = append(missing, "apiVersion")
	}
	if ru.r.GetKind() == "" {
		missing = append(missing, "kind")
	}
	if ru.r.GetName() == "" {
		missing = append(missing, "metadata.name")
	}
	if len(missing) > 0 {
		return fmt.Errorf("the patch leaves an object (it was %s) without %s", ru.r.OrgId(), strings.Join(missing, " and "))
	}
	return nil
}

// flushSM applies the run of strategic-merge patches, merged into one.
func (ru *runner) flushSM() error {
	run, node := ru.sm, ru.smNode
	ru.sm, ru.smNode, ru.smLabels, ru.smAnno = nil, nil, false, false
	switch len(run) {
	case 0:
		return nil
	case 1:
		m, err := ru.one()
		if err != nil {
			return err
		}
		if err := ru.plugins[run[0]].Transform(m); err != nil {
			return fail(run, err)
		}
		if err := ru.whole(); err != nil && !ru.r.IsNilOrEmpty() {
			return fail(run, err)
		}
		return nil
	}
	text, err := node.String()
	if err != nil {
		return err
	}
	if err := transform(ru.h, ru.r, text); err != nil {
		return fail(run, err)
	}
	if err := ru.whole(); err != nil {
		return fail(run, err)
	}
	return nil
}

// isPlain reports a patch node made of maps and scalars only.
func isPlain(n *kyaml.Node) bool {
	if n.HeadComment != "" || n.LineComment != "" || n.FootComment != "" || n.Anchor != "" {
		return false
	}
	switch n.Kind {
	case kyaml.ScalarNode:
		return n.Tag != kyaml.NodeTagNull
	case kyaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k := n.Content[i]; k.Kind != kyaml.ScalarNode || strings.HasPrefix(k.Value, "$") || !isPlain(k) || !isPlain(n.Content[i+1]) {
				return false
			}
		}
		return true
	}
	return false
}

// overlay sets src's fields on dst, merging maps: for plain patches (maps
// and scalars, no nulls, lists or directives) that do not conflict, what
// merge2 makes of applying one after the other. merge2 itself walks both
// sides, which makes a run of n patches that each add a field O(n²);
// overlay walks src only.
func overlay(dst, src *kyaml.Node) {
	idx := make(map[string]int, len(dst.Content)/2)
	for i := 0; i+1 < len(dst.Content); i += 2 {
		idx[dst.Content[i].Value] = i
	}
	for i := 0; i+1 < len(src.Content); i += 2 {
		k, v := src.Content[i], src.Content[i+1]
		j, ok := idx[k.Value]
		switch {
		case !ok:
			dst.Content = append(dst.Content, k, v)
		case v.Kind == kyaml.MappingNode && dst.Content[j+1].Kind == kyaml.MappingNode:
			overlay(dst.Content[j+1], v)
		default:
			dst.Content[j+1] = v
		}
	}
}

// conflicts reports a field that is a map in p and not in n, or the other
// way round: merge2 fails on it, or replaces a whole map.
func conflicts(p, n *kyaml.RNode) bool {
	if n == nil || n.YNode().Kind != kyaml.MappingNode {
		return false
	}
	c := p.YNode().Content
	for i := 0; i+1 < len(c); i += 2 {
		f := n.Field(c[i].Value)
		if f == nil || f.Value == nil {
			continue
		}
		pv, nv := c[i+1], f.Value.YNode()
		if pv.Kind != nv.Kind {
			return true
		}
		if pv.Kind == kyaml.MappingNode && conflicts(kyaml.NewRNode(pv), f.Value) {
			return true
		}
	}
	return false
}

// configure is kustomize's PatchTransformer for p, configured as
// kusttarget configures it.
func configure(h *resmap.PluginHelpers, p types.Patch) (*builtins.PatchTransformerPlugin, error) {
	c := struct {
		Path    string           `json:"path,omitempty"    yaml:"path,omitempty"`
		Patch   string           `json:"patch,omitempty"   yaml:"patch,omitempty"`
		Target  *types.Selector  `json:"target,omitempty"  yaml:"target,omitempty"`
		Options *types.PatchArgs `json:"options,omitempty" yaml:"options,omitempty"`
	}{Patch: p.Patch, Target: p.Target, Options: p.Options}
	y, err := yaml.Marshal(c)
	if err != nil {
		return nil, err
	}
	pl, _ := builtins.NewPatchTransformerPlugin().(*builtins.PatchTransformerPlugin)
	return pl, pl.Config(h, y)
}

// transform applies patch text (JSON 6902, or a merged SM patch) to r with
// kustomize's PatchTransformer (target {} selects the one object), which
// does all a patch does: stores r's ID, keeps internal annotations, ...
func transform(h *resmap.PluginHelpers, r *resource.Resource, text string) error {
	y, err := yaml.Marshal(map[string]any{"patch": text, "target": map[string]any{}})
	if err != nil {
		return err
	}
	pl, _ := builtins.NewPatchTransformerPlugin().(*builtins.PatchTransformerPlugin)
	if err := pl.Config(h, y); err != nil {
		return err
	}
	one := resmap.New()
	if err := one.Append(r); err != nil {
		return err
	}
	return pl.Transform(one)
}

// Build annotations where kustomize records each ID a resource had.
const (
	prevNames      = "internal.config.kubernetes.io/previousNames"
	prevNamespaces = "internal.config.kubernetes.io/previousNamespaces"
	prevKinds      = "internal.config.kubernetes.io/previousKinds"
)

// dedupePrevIds drops the last previous ID when it repeats the one before.
// The JSON 6902 path stores the current ID before every patch, renamed or
// not, so n patches on one object make its three lists n long and every
// later patch (marshaled whole to JSON and back) O(n). kustomize only reads
// the first ID (OrgId) and tests the others for membership.
func dedupePrevIds(r *resource.Resource) error {
	ann, err := r.Pipe(kyaml.Lookup(kyaml.MetadataField, kyaml.AnnotationsField))
	if err != nil || ann == nil {
		return err
	}
	var nodes [3]*kyaml.Node
	var parts [3][]string
	for j, key := range []string{prevNames, prevNamespaces, prevKinds} {
		f := ann.Field(key)
		if f == nil || f.Value == nil {
			return nil
		}
		nodes[j] = f.Value.YNode()
		parts[j] = strings.Split(nodes[j].Value, ",")
	}
	n := len(parts[0])
	if n < 2 || len(parts[1]) != n || len(parts[2]) != n {
		return nil
	}
	for j := range parts {
		if parts[j][n-1] != parts[j][n-2] {
			return nil
		}
	}
	for j := range parts {
		nodes[j].Value = strings.Join(parts[j][:n-1], ",")
	}
	return nil
}

// literal returns the one string pattern matches when kustomize anchors it
// (types.NewSelectorRegex: "^(?:pattern)$").
func literal(pattern string) (string, bool) {
	if pattern == "" {
		return "", false
	}
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return "", false
	}
	re = re.Simplify()
	subs := []*syntax.Regexp{re}
	if re.Op == syntax.OpConcat {
		subs = re.Sub
	}
	var lit []rune
	for i, s := range subs {
		switch {
		case s.Op == syntax.OpBeginText && i == 0:
		case s.Op == syntax.OpEndText && i == len(subs)-1:
		case s.Op == syntax.OpLiteral && s.Flags&syntax.FoldCase == 0:
			lit = append(lit, s.Rune...)
		case s.Op == syntax.OpEmptyMatch:
		default:
			return "", false
		}
	}
	return string(lit), true
}
