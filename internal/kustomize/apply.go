package kustomize

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/agentscale/agentscale/internal/render"
	"github.com/agentscale/agentscale/internal/spec"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/api/resmap"
	"sigs.k8s.io/kustomize/api/types"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/yaml"
)

// annotationIndex carries each object's position in the input through
// kustomize, so the output keeps its Role and Source. It never leaves Apply.
const annotationIndex = "agentscale.dev/render-index"

const (
	root          = "/agentscale"
	resourcesFile = "resources.yaml"
	namerefsFile  = "keda-namereference.yaml"
)

// Apply runs the kustomize fields of the environment s was loaded with (see
// Fields) over objs and returns the result in the same order. Objects that
// kustomize changed come back as *unstructured.Unstructured. When the
// environment has no kustomize fields, objs are returned as they are.
//
// A build that fails is an input problem: the error is a *spec.Error at the
// kustomize field that causes it.
func Apply(s *spec.Swarm, objs []render.Object, namespace string) ([]render.Object, error) {
	k := Fields(s, namespace)
	if k == nil {
		return objs, nil
	}
	if err := checkPatchText(s, k); err != nil {
		return nil, err
	}
	if err := checkPatchTargets(s, k, objs); err != nil {
		return nil, err
	}
	var out []render.Object
	var err error
	if len(k.Patches) > 0 && !noPrepatch {
		out, err = applyPrepatched(s, k, objs, batchSize)
	}
	if len(k.Patches) == 0 || noPrepatch || errors.Is(err, errNeedsKrusty) {
		out, err = apply(s, k, objs, batchSize)
	}
	if err != nil && !spec.IsInputError(err) {
		// Whatever kustomize could not do with these fields (a patch whose
		// keys read as numbers, say) is still the fields' problem: say it
		// at them rather than as a failure of the tool.
		path := envPath(s.Env) + ".kustomize"
		msg := "kustomize cannot apply these fields: " + err.Error()
		if strings.Contains(err.Error(), "map[interface {}]interface {}") {
			msg += " (a patch has a key YAML reads as a number or a boolean, such as 000 or yes: quote it)"
		}
		return nil, &spec.Error{Pos: s.Pos(path), Path: strings.TrimPrefix(path, "spec."), Msg: msg}
	}
	if err != nil {
		return nil, err
	}
	if err := checkOutput(s, out); err != nil {
		return nil, err
	}
	return out, nil
}

// noPrepatch turns the patch pre-pass off: tests compare it with krusty's
// own build of the patches.
var noPrepatch = false

// apply builds objs in batches of at most size objects.
func apply(s *spec.Swarm, k *spec.Kustomize, objs []render.Object, size int) ([]render.Object, error) {
	var out []indexed
	for _, batch := range batches(objs, size) {
		resources, err := encode(objs, batch)
		if err != nil {
			return nil, err
		}
		m, err := build(k, resources)
		if err != nil {
			return nil, locate(s, k, resources, err)
		}
		built, err := decode(m, objs)
		if err != nil {
			return nil, err
		}
		out = append(out, built...)
	}
	return inOrder(out), nil
}

// encode writes the objects at indices as one multi-document file, each
// tagged with its index (on a copy: the caller's objects are not touched).
func encode(objs []render.Object, indices []int) ([]byte, error) {
	var buf bytes.Buffer
	for _, i := range indices {
		c, ok := objs[i].Obj.DeepCopyObject().(render.KubeObject)
		if !ok {
			return nil, fmt.Errorf("kustomize: object %d (%T) cannot be copied", i, objs[i].Obj)
		}
		ann := c.GetAnnotations()
		if ann == nil {
			ann = map[string]string{}
		}
		ann[annotationIndex] = strconv.Itoa(i)
		c.SetAnnotations(ann)
		data, err := render.MarshalYAML(c)
		if err != nil {
			return nil, err
		}
		buf.WriteString("---\n")
		buf.Write(data)
	}
	return buf.Bytes(), nil
}

// build runs krusty over an in-memory file system holding resources and
// the kustomization for k. Plugins are off and nothing is read from disk.
func build(k *spec.Kustomize, resources []byte) (m resmap.ResMap, err error) {
	// kustomize is a large engine fed user-written patches; a panic in it
	// must become an error at the field, not a crash.
	defer func() {
		if r := recover(); r != nil {
			m, err = nil, fmt.Errorf("kustomize failed: %v", r)
		}
	}()
	fs := filesys.MakeFsInMemory()
	kz, err := yaml.Marshal(kustomization(k, []string{resourcesFile}, []string{namerefsFile}))
	if err != nil {
		return nil, err
	}
	for name, data := range map[string][]byte{
		"kustomization.yaml": kz,
		resourcesFile:        resources,
		namerefsFile:         []byte(kedaNameReferences),
	} {
		if err := fs.WriteFile(root+"/"+name, data); err != nil {
			return nil, err
		}
	}
	opts := &krusty.Options{
		Reorder:          krusty.ReorderOptionUnspecified, // the kustomization's sortOptions decide
		LoadRestrictions: types.LoadRestrictionsRootOnly,
		PluginConfig:     types.DisabledPluginConfig(),
	}
	return krusty.MakeKustomizer(opts).Run(fs, root)
}

// decode turns kustomize's resources back into objects, taking Role and
// Source from the input object each one came from, and that object's index
// (-1 when a patch dropped the tag, as for Role).
func decode(m resmap.ResMap, in []render.Object) ([]indexed, error) {
	out := make([]indexed, 0, m.Size())
	for _, res := range m.Resources() {
		obj, err := res.Map()
		if err != nil {
			return nil, err
		}
		if err := jsonKeys(obj); err != nil {
			return nil, err
		}
		u := &unstructured.Unstructured{Object: obj}
		o := indexed{Object: render.Object{Obj: u, Role: -1}, index: -1}
		ann := u.GetAnnotations()
		if i, err := strconv.Atoi(ann[annotationIndex]); err == nil && i >= 0 && i < len(in) {
			o.Role, o.Source, o.index = in[i].Role, in[i].Source, i
		}
		delete(ann, annotationIndex)
		if len(ann) == 0 {
			ann = nil
		}
		u.SetAnnotations(ann)
		out = append(out, o)
	}
	return out, nil
}

// maxLocate bounds the builds locate tries. Patches are located by the
// patch pre-pass (prepatch.go); this is for the few the pre-pass leaves to
// a plain build, and for the other fields.
const maxLocate = 64

// locate turns a failed build into an error at the field that causes it:
// the first field that fails alone with the build's own error, else the
// first that fails alone at all, else the kustomize block. (A field can
// fail alone for a reason the whole build never reaches: a JSON patch that
// gives two objects one name fails at the end of a build, after a later
// patch has already failed.)
func locate(s *spec.Swarm, k *spec.Kustomize, resources []byte, buildErr error) error {
	path := envPath(s.Env) + ".kustomize"
	fields := splitFields(s.Env, k)
	if len(fields) > maxLocate {
		fields = nil // a build per field would cost more than the answer is worth
	}
	want := message(buildErr)
	firstPath, firstErr := "", error(nil)
	for _, f := range fields {
		_, err := build(f.only, resources)
		if err == nil {
			continue
		}
		if message(err) == want {
			firstPath, firstErr = f.path, err
			break
		}
		if firstErr == nil {
			firstPath, firstErr = f.path, err
		}
	}
	if firstErr != nil {
		path, buildErr = firstPath, firstErr
	}
	return &spec.Error{
		Pos:  s.Pos(path),
		Path: strings.TrimPrefix(path, "spec."),
		Msg:  "kustomize: " + message(buildErr),
	}
}

// message shortens kustomize's error chains to one line: the wrapping
// prefixes name its internals (the in-memory root, builtin plugin names),
// not the user's file.
func message(err error) string {
	msg := err.Error()
	if strings.Contains(msg, "unable to parse SM or JSON patch") {
		return "the patch is neither a strategic-merge patch (one YAML object) nor a JSON 6902 patch (a list of operations)"
	}
	msg = strings.ReplaceAll(msg, root+"/", "")
	msg = strings.ReplaceAll(msg, root, "environment")
	for _, noise := range []string{
		"accumulating resources: ",
		"trouble configuring builtin PatchTransformer with config: ",
		"trouble configuring builtin ImageTagTransformer with config: ",
	} {
		msg = strings.ReplaceAll(msg, noise, "")
	}
	return strings.Join(strings.Fields(msg), " ")
}

// jsonKeys refuses what kustomize leaves of a patch key YAML read as a
// number or a boolean (a map with non-string keys): no encoder can write
// it, so it fails here, as the pre-pass fails it, rather than at output.
func jsonKeys(v any) error {
	switch x := v.(type) {
	case map[string]any:
		for _, e := range x {
			if err := jsonKeys(e); err != nil {
				return err
			}
		}
	case []any:
		for _, e := range x {
			if err := jsonKeys(e); err != nil {
				return err
			}
		}
	case map[any]any:
		return fmt.Errorf("json: unsupported type: %T", x)
	}
	return nil
}
