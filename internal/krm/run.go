package krm

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/agentscale/agentscale/internal/kustomize"
	"github.com/agentscale/agentscale/internal/render"
	"github.com/agentscale/agentscale/internal/spec"
	yaml "go.yaml.in/yaml/v3"
	"sigs.k8s.io/kustomize/kyaml/fn/framework"
	"sigs.k8s.io/kustomize/kyaml/kio"
	kyaml "sigs.k8s.io/kustomize/kyaml/yaml"
)

// MaxInput bounds the ResourceList read from stdin; a package larger than
// this is not something a swarm generator should be handed.
const MaxInput = 256 << 20

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
	data, err := io.ReadAll(io.LimitReader(in, MaxInput+1))
	if err != nil {
		return err
	}
	if err := checkResourceList(data); err != nil {
		return err
	}
	rw := &kio.ByteReadWriter{Reader: bytes.NewReader(data), Writer: out, KeepReaderAnnotations: true}
	return framework.Execute(framework.ResourceListProcessorFunc(func(rl *framework.ResourceList) error {
		return generate(rl, opts)
	}), rw)
}

// checkResourceList refuses input that is not one ResourceList, which
// framework.Execute would otherwise pass through as bare items. It decodes
// with go.yaml.in/yaml/v3 first: kyaml recurses without limit into an
// alias that contains itself and dies of a stack overflow.
func checkResourceList(data []byte) error {
	bad := func(msg string) error {
		return spec.ErrorList{{Pos: spec.Pos{File: spec.StdinName}, Msg: msg}}
	}
	if len(data) > MaxInput {
		return bad(fmt.Sprintf("input is larger than %d MiB", MaxInput>>20))
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []map[string]any
	for {
		var doc any
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return bad("input is not valid YAML: " + strings.TrimPrefix(err.Error(), "yaml: "))
		}
		m, _ := doc.(map[string]any)
		docs = append(docs, m)
	}
	if len(docs) != 1 || docs[0]["kind"] != kio.ResourceListKind {
		return bad("--krm reads one ResourceList (apiVersion: config.kubernetes.io/v1, kind: ResourceList) from stdin, as kustomize and kpt send it")
	}
	return nil
}

// generate renders the functionConfig and appends the objects to the
// items, replacing those an earlier run generated.
func generate(rl *framework.ResourceList, opts Options) error {
	if rl.FunctionConfig == nil {
		return fail(rl, spec.ErrorList{{Pos: spec.Pos{File: defaultFile}, Msg: "missing: it must be the Swarm to render"}})
	}
	s, err := parse(rl.FunctionConfig, opts.Env)
	if err != nil {
		return fail(rl, err)
	}
	objs, err := render.Render(s, render.Options{Namespace: opts.Namespace})
	if err == nil {
		objs, err = kustomize.Apply(s, objs, opts.Namespace)
	}
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
func fail(rl *framework.ResourceList, err error) error {
	list, ok := spec.AsErrorList(err)
	if !ok {
		return err
	}
	ref := swarmRef(rl.FunctionConfig)
	var file *framework.File
	if rl.FunctionConfig != nil {
		if p := sourceFile(rl.FunctionConfig); p != "" {
			file = &framework.File{Path: p}
		}
	}
	for _, e := range list {
		r := &framework.Result{Message: e.Error(), Severity: framework.Error, ResourceRef: ref}
		if e.Path != "" {
			r.Field = &framework.Field{Path: fieldPath(e.Path)}
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
