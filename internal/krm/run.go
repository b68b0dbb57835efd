package krm

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/agentscale/agentscale/internal/build"
	"github.com/agentscale/agentscale/internal/input"
	"github.com/agentscale/agentscale/internal/render"
	"github.com/agentscale/agentscale/internal/spec"
	"github.com/agentscale/agentscale/internal/yamlpos"
	"sigs.k8s.io/kustomize/kyaml/kio"
	kyaml "sigs.k8s.io/kustomize/kyaml/yaml"
)

// Options are the function's arguments (the exec args after --krm).
type Options struct {
	// Env names the environment to apply, like render --env.
	Env string
	// Namespace overrides every namespace, like render --namespace.
	Namespace string
}

// Run reads a ResourceList from in and writes the resulting ResourceList
// to out. It returns a spec.ErrorList when the input is not a ResourceList
// (nothing is written) or its Swarm is invalid (the list is written with
// error results); any other error means the function itself failed.
func Run(in io.Reader, out io.Writer, opts Options) error {
	data, err := input.Read("-", in, input.ResourceList)
	if err != nil {
		return err
	}
	if err := checkResourceList(data); err != nil {
		return err
	}
	rw := &kio.ByteReadWriter{Reader: bytes.NewReader(data), Writer: out, KeepReaderAnnotations: true}
	return execute(rw, opts)
}

// resourceList is a ResourceList as the function changes it.
type resourceList struct {
	Items          []*kyaml.RNode
	FunctionConfig *kyaml.RNode
	Results        []*result
}

// result is one entry of a ResourceList's results (the KRM function
// specification's schema, as kyaml's fn/framework writes it).
type result struct {
	Message     string                    `yaml:"message,omitempty"`
	Severity    string                    `yaml:"severity,omitempty"`
	ResourceRef *kyaml.ResourceIdentifier `yaml:"resourceRef,omitempty"`
	Field       *resultPath               `yaml:"field,omitempty"`
	File        *resultPath               `yaml:"file,omitempty"`
}

type resultPath struct {
	Path string `yaml:"path,omitempty"`
}

// execute is what kyaml's framework.Execute does, on kio alone: the
// framework package brings kube-openapi's validators, whose start-up
// every agentscale command would pay. It reads the list, renders, keeps
// the orchestrator's annotations in step, and writes the list with the
// results; the render error, if any, is returned after.
func execute(rw *kio.ByteReadWriter, opts Options) error {
	var rl resourceList
	var err error
	if rl.Items, err = rw.Read(); err != nil {
		return fmt.Errorf("failed to read ResourceList input: %w", err)
	}
	rl.FunctionConfig = rw.FunctionConfig
	annos, err := kio.PreprocessResourcesForInternalAnnotationMigration(rl.Items)
	if err != nil {
		return err
	}
	genErr := generate(&rl, opts)
	if err := kio.ReconcileInternalAnnotations(rl.Items, annos); err != nil {
		return err
	}
	if len(rl.Results) > 0 {
		b, err := kyaml.Marshal(rl.Results)
		if err != nil {
			return err
		}
		if rw.Results, err = kyaml.Parse(string(b)); err != nil {
			return err
		}
	}
	if err := rw.Write(rl.Items); err != nil {
		return err
	}
	return genErr
}

// limits bound the ResourceList, one document holding every item, as one
// object is bounded (yamlpos.Default); maxItems bounds its items. kyaml,
// which the function framework reads them with, keeps ~100 bytes per input
// byte: these keep a hostile list within 200 MB.
var limits = yamlpos.Default

const maxItems = 5000

// checkResourceList refuses input that is not one ResourceList, which
// framework.Execute would otherwise pass through as bare items, and items
// that are not objects, at their position. It reads with agentscale's own
// reader first: kyaml recurses without limit into an alias that contains
// itself and dies of a stack overflow, and expands alias bombs.
func checkResourceList(data []byte) error {
	o := yamlpos.Origin{File: input.StdinName}
	docs, errs := yamlpos.Parse(o, data, limits)
	if len(errs) > 0 {
		return errs
	}
	const want = "--krm reads one ResourceList (apiVersion: config.kubernetes.io/v1, kind: ResourceList) from stdin, as kustomize and kpt send it"
	switch {
	case len(docs) == 0:
		return spec.ErrorList{{Pos: o.Pos(1, 1), Msg: "input is empty: " + want}}
	case len(docs) > 1:
		return spec.ErrorList{{Pos: docs[1].Pos, Msg: "a second document: " + want}}
	}
	rl := docs[0]
	if rl.Kind != yamlpos.Map || rl.Get("kind").String() != kio.ResourceListKind {
		return spec.ErrorList{{Pos: rl.Pos, Msg: want}}
	}
	var bad spec.ErrorList
	if items := rl.Get("items"); !items.IsNull() {
		if items.Kind != yamlpos.List {
			return spec.ErrorList{{Pos: items.Pos, Path: "items", Msg: "must be a list of Kubernetes objects"}}
		}
		if len(items.Items) > maxItems {
			return spec.ErrorList{{Pos: items.Pos, Path: "items", Msg: fmt.Sprintf("%d items; a ResourceList may hold at most %d", len(items.Items), maxItems)}}
		}
		for i, it := range items.Items {
			path := yamlpos.JoinIndex("items", i)
			switch {
			case it == nil || it.Kind != yamlpos.Map:
				bad = append(bad, &spec.Error{Pos: itemPos(rl, it), Path: path, Msg: "must be a Kubernetes object (a mapping with apiVersion, kind and metadata)"})
			case it.Get("apiVersion").String() == "" || it.Get("kind").String() == "":
				bad = append(bad, &spec.Error{Pos: it.Pos, Path: path, Msg: "an item needs apiVersion and kind"})
			default:
				bad = append(bad, annotationConflicts(it, path)...)
			}
		}
	}
	if fc := rl.Get("functionConfig"); !fc.IsNull() && fc.Kind != yamlpos.Map {
		bad = append(bad, &spec.Error{Pos: fc.Pos, Path: "functionConfig", Msg: "must be the Swarm to render (a mapping)"})
	}
	return bad.Err()
}

// annotationConflicts reports an item whose legacy and internal
// orchestrator annotations disagree, which kyaml refuses without saying
// where.
func annotationConflicts(it *yamlpos.Node, path string) spec.ErrorList {
	ann := it.Get("metadata").Get("annotations")
	var errs spec.ErrorList
	for _, name := range []string{"index", "path", "id"} {
		legacy, internal := ann.Get("config.kubernetes.io/"+name), ann.Get("internal.config.kubernetes.io/"+name)
		if legacy != nil && internal != nil && legacy.String() != internal.String() {
			errs = append(errs, &spec.Error{Pos: ann.KeyPos("config.kubernetes.io/" + name), Path: path + ".metadata.annotations",
				Msg: fmt.Sprintf("config.kubernetes.io/%s %q and internal.config.kubernetes.io/%s %q disagree", name, legacy.String(), name, internal.String())})
		}
	}
	return errs
}

func itemPos(rl, it *yamlpos.Node) spec.Pos {
	if it != nil {
		return it.Pos
	}
	return rl.KeyPos("items")
}

// generate renders the functionConfig and appends the objects to the
// items, replacing those an earlier run generated.
func generate(rl *resourceList, opts Options) error {
	if rl.FunctionConfig == nil {
		return fail(rl, spec.ErrorList{{Pos: spec.Pos{File: input.StdinName, Line: 1, Col: 1}, Msg: "the ResourceList has no functionConfig: it must be the Swarm to render"}})
	}
	s, err := parse(rl.FunctionConfig, opts.Env)
	if err != nil {
		return fail(rl, err)
	}
	objs, err := build.Objects(s, build.Options{Namespace: opts.Namespace})
	if err != nil {
		return fail(rl, err)
	}
	items := keepForeign(rl.Items, s.Metadata.Name)
	for _, o := range objs {
		data, err := render.MarshalYAML(o.Obj)
		if err != nil {
			return err
		}
		n, err := kyaml.Parse(string(data))
		if err != nil {
			return err
		}
		items = append(items, n)
	}
	rl.Items = items
	return nil
}

// keepForeign drops the items an earlier run generated for the swarm.
func keepForeign(items []*kyaml.RNode, swarm string) []*kyaml.RNode {
	out := items[:0:0]
	for _, it := range items {
		l := it.GetLabels(render.LabelManagedBy, render.LabelPartOf)
		if l[render.LabelManagedBy] == render.ManagedBy && l[render.LabelPartOf] == swarm {
			continue
		}
		out = append(out, it)
	}
	return out
}

// fail records input problems as error results and returns them, so the
// function exits non-zero after writing the ResourceList. Other errors are
// returned as they are.
func fail(rl *resourceList, err error) error {
	list, ok := spec.AsErrorList(err)
	if !ok {
		return err
	}
	ref := swarmRef(rl.FunctionConfig)
	var file *resultPath
	if rl.FunctionConfig != nil {
		if p := sourceFile(rl.FunctionConfig); p != "" {
			file = &resultPath{Path: p}
		}
	}
	for _, e := range list {
		r := &result{Message: e.Error(), Severity: "error", ResourceRef: ref}
		if e.Path != "" {
			r.Field = &resultPath{Path: fieldPath(e.Path)}
		}
		r.File = file
		rl.Results = append(rl.Results, r)
	}
	return list
}

func swarmRef(fc *kyaml.RNode) *kyaml.ResourceIdentifier {
	if fc == nil {
		return nil
	}
	return &kyaml.ResourceIdentifier{
		TypeMeta: kyaml.TypeMeta{APIVersion: fc.GetApiVersion(), Kind: fc.GetKind()},
		NameMeta: kyaml.NameMeta{Name: fc.GetName(), Namespace: fc.GetNamespace()},
	}
}

// fieldPath turns an error's display path ("roles[1].replicas", which
// drops "spec.") back into the path within the Swarm.
func fieldPath(p string) string {
	for _, top := range []string{"apiVersion", "kind", "metadata", "spec"} {
		if p == top || strings.HasPrefix(p, top+".") || strings.HasPrefix(p, top+"[") {
			return p
		}
	}
	return "spec." + p
}
