package kustomize_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/agentscale/agentscale/internal/kustomize"
	"github.com/agentscale/agentscale/internal/render"
	"github.com/agentscale/agentscale/internal/spec"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
)

const envsFile = "testdata/envs.yaml"

// build loads envsFile with env, renders it and applies kustomize.
func build(t testing.TB, env, namespace string) ([]render.Object, []render.Object, error) {
	t.Helper()
	s, err := spec.Load(envsFile, nil, spec.Options{Env: env})
	if err != nil {
		t.Fatalf("load --env %s: %v", env, err)
	}
	in, err := render.Render(s, render.Options{Namespace: namespace})
	if err != nil {
		t.Fatalf("render --env %s: %v", env, err)
	}
	out, err := kustomize.Apply(s, in, namespace)
	return in, out, err
}

// plain returns obj as unstructured data.
func plain(t testing.TB, o render.Object) *unstructured.Unstructured {
	t.Helper()
	if u, ok := o.Obj.(*unstructured.Unstructured); ok {
		return u
	}
	m, err := runtime.DefaultUnstructuredConverter.ToUnstructured(o.Obj)
	if err != nil {
		t.Fatal(err)
	}
	return &unstructured.Unstructured{Object: m}
}

// find returns the object of kind whose name contains name.
func find(t testing.TB, objs []render.Object, kind, name string) *unstructured.Unstructured {
	t.Helper()
	for _, o := range objs {
		u := plain(t, o)
		if u.GetKind() == kind && strings.Contains(u.GetName(), name) {
			return u
		}
	}
	t.Fatalf("no %s named *%s*", kind, name)
	return nil
}

func str(t testing.TB, u *unstructured.Unstructured, path ...string) string {
	t.Helper()
	v, _, err := unstructured.NestedFieldNoCopy(u.Object, path...)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := v.(string)
	return s
}

func container(t testing.TB, u *unstructured.Unstructured) map[string]any {
	t.Helper()
	cs, _, _ := unstructured.NestedSlice(u.Object, "spec", "template", "spec", "containers")
	if len(cs) != 1 {
		t.Fatalf("%s %s: %d containers", u.GetKind(), u.GetName(), len(cs))
	}
	return cs[0].(map[string]any)
}

func TestApplyWithoutKustomizeFieldsReturnsInput(t *testing.T) {
	for _, env := range []string{"", "plain"} {
		in, out, err := build(t, env, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(in) == 0 || &in[0] != &out[0] {
			t.Errorf("env %q: Apply built a kustomization although the environment has no kustomize fields", env)
		}
	}
}

func TestApply(t *testing.T) {
	tests := []struct {
		env, namespace string
		check          func(t *testing.T, out []render.Object)
	}{
		{env: "images", check: func(t *testing.T, out []render.Object) {
			if got := container(t, find(t, out, "Deployment", "scout"))["image"]; got != "ghcr.io/acme/agents:1.0.1" {
				t.Errorf("scout image = %v", got)
			}
			want := "registry.example.com/planner@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
			if got := container(t, find(t, out, "Deployment", "planner"))["image"]; got != want {
				t.Errorf("planner image = %v, want %s", got, want)
			}
		}},
		{env: "prefix", check: func(t *testing.T, out []render.Object) {
			d := find(t, out, "Deployment", "scout")
			if d.GetName() != "prod-tiny-scout-v2" {
				t.Errorf("Deployment name = %s", d.GetName())
			}
			so := find(t, out, "ScaledObject", "scout")
			if got := str(t, so, "spec", "scaleTargetRef", "name"); got != d.GetName() {
				t.Errorf("ScaledObject scales %q, want the renamed Deployment %q", got, d.GetName())
			}
			ta := find(t, out, "TriggerAuthentication", "scout")
			trig, _, _ := unstructured.NestedSlice(so.Object, "spec", "triggers")
			ref, _, _ := unstructured.NestedString(trig[0].(map[string]any), "authenticationRef", "name")
			if ref != ta.GetName() {
				t.Errorf("trigger authenticationRef = %q, want the renamed TriggerAuthentication %q", ref, ta.GetName())
			}
			if got := str(t, d, "spec", "template", "spec", "serviceAccountName"); got != find(t, out, "ServiceAccount", "scout").GetName() {
				t.Errorf("serviceAccountName = %q not renamed", got)
			}
		}},
		{env: "namespace", check: func(t *testing.T, out []render.Object) {
			for _, o := range out {
				u := plain(t, o)
				if u.GetKind() != "PriorityClass" && u.GetNamespace() != "agents-kustomize" {
					t.Errorf("%s %s in namespace %q, want the kustomize namespace", u.GetKind(), u.GetName(), u.GetNamespace())
				}
			}
		}},
		{env: "namespace", namespace: "flag-wins", check: func(t *testing.T, out []render.Object) {
			for _, o := range out {
				if u := plain(t, o); u.GetNamespace() != "flag-wins" {
					t.Errorf("%s %s in namespace %q, want --namespace's", u.GetKind(), u.GetName(), u.GetNamespace())
				}
			}
		}},
		{env: "labels", check: func(t *testing.T, out []render.Object) {
			d := find(t, out, "Deployment", "scout")
			if d.GetLabels()["tier"] != "gold" || d.GetAnnotations()["team"] != "research" {
				t.Errorf("labels %v annotations %v", d.GetLabels(), d.GetAnnotations())
			}
			sel, _, _ := unstructured.NestedStringMap(d.Object, "spec", "selector", "matchLabels")
			tmpl, _, _ := unstructured.NestedStringMap(d.Object, "spec", "template", "metadata", "labels")
			if sel["tier"] != "gold" || tmpl["tier"] != "gold" {
				t.Errorf("commonLabels must reach selector %v and template %v, as in kustomize", sel, tmpl)
			}
		}},
		{env: "smp", check: func(t *testing.T, out []render.Object) {
			env, _ := container(t, find(t, out, "Deployment", "planner"))["env"].([]any)
			if len(env) != 1 || env[0].(map[string]any)["value"] != "prod" {
				t.Errorf("planner env = %v, want the patched MODE=prod", env)
			}
			if _, ok := container(t, find(t, out, "Deployment", "scout"))["env"]; ok {
				t.Error("the patch reached scout, which it does not name")
			}
		}},
		{env: "json6902", check: func(t *testing.T, out []render.Object) {
			if got := str(t, find(t, out, "Deployment", "planner"), "spec", "template", "spec", "priorityClassName"); got != "high" {
				t.Errorf("priorityClassName = %q", got)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.env+"/"+tt.namespace, func(t *testing.T) {
			in, out, err := build(t, tt.env, tt.namespace)
			if err != nil {
				t.Fatal(err)
			}
			if len(out) != len(in) {
				t.Fatalf("%d objects in, %d out", len(in), len(out))
			}
			for i := range out {
				if out[i].Role != in[i].Role || out[i].Source != in[i].Source {
					t.Errorf("object %d: role %d source %q, want %d %q", i, out[i].Role, out[i].Source, in[i].Role, in[i].Source)
				}
				if _, ok := plain(t, out[i]).GetAnnotations()["agentscale.dev/render-index"]; ok {
					t.Errorf("object %d keeps the internal index annotation", i)
				}
			}
			tt.check(t, out)
		})
	}
}

func TestApplyErrors(t *testing.T) {
	tests := []struct{ env, want string }{
		{"missing-target", `testdata/envs.yaml:69:13: environments.missing-target.kustomize.patches[0]: patch names Deployment "planner", which the swarm does not render (its Deployments: tiny-planner, tiny-scout)`},
		{"bad-json6902", `testdata/envs.yaml:80:13: environments.bad-json6902.kustomize.patches[0]: kustomize: replace operation does not apply: doc is missing path: /spec/no/such/field: missing value`},
		{"not-a-patch", `testdata/envs.yaml:88:13: environments.not-a-patch.kustomize.patches[0]: kustomize: the patch is neither a strategic-merge patch (one YAML object) nor a JSON 6902 patch (a list of operations)`},
		{"invalid-output", "testdata/envs.yaml:90:7: environments.invalid-output.kustomize: after kustomize, Deployment tiny-planner: spec.template.spec.containers[0].image: image \"Planner:1\" is not an image reference (registry/repository:tag or @sha256:digest): invalid reference format: repository name (library/Planner) must be lowercase; the kubelet would refuse it (InvalidImageName)\n" +
			"testdata/envs.yaml:90:7: environments.invalid-output.kustomize: after kustomize, Deployment tiny-planner: spec.template.spec.containers[0].env[0].name: environment variable name \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='"},
	}
	for _, tt := range tests {
		t.Run(tt.env, func(t *testing.T) {
			_, out, err := build(t, tt.env, "")
			if err == nil {
				t.Fatalf("no error; %d objects", len(out))
			}
			var se *spec.Error
			if _, isList := spec.AsErrorList(err); !errors.As(err, &se) && !isList {
				t.Fatalf("error %T is not a *spec.Error: %v", err, err)
			}
			if err.Error() != tt.want {
				t.Errorf("error\n got: %s\nwant: %s", err, tt.want)
			}
			if out != nil {
				t.Error("objects returned with an error")
			}
		})
	}
}

// Patch text that is not YAML never reaches kustomize, even in a swarm
// built in code (spec.Validate refuses it when a file is loaded): kyaml
// would die of a stack overflow on the alias loop.
func TestCheckPatchText(t *testing.T) {
	for text, want := range map[string]string{
		"{not: [valid": "environments.x.kustomize.patches[0].patch: the patch is not valid YAML: line 1: did not find expected ',' or ']'",
		"&a [*a]":      "environments.x.kustomize.patches[0].patch: the patch is not valid YAML: line 1: alias *a refers to a value that contains it (a cycle)",
	} {
		k := &spec.Kustomize{Patches: []spec.KustomizePatch{{Patch: text}}}
		s := &spec.Swarm{Env: "x", Spec: spec.SwarmSpec{Environments: map[string]spec.Environment{"x": {Kustomize: k}}}}
		_, err := kustomize.Apply(s, nil, "")
		if err == nil || !strings.HasSuffix(err.Error(), want) {
			t.Errorf("%q: got %v, want %s", text, err, want)
		}
	}
}

func TestFields(t *testing.T) {
	s, err := spec.Load(envsFile, nil, spec.Options{Env: "namespace"})
	if err != nil {
		t.Fatal(err)
	}
	if k := kustomize.Fields(s, ""); k == nil || k.Namespace != "agents-kustomize" {
		t.Errorf("Fields = %+v", k)
	}
	if k := kustomize.Fields(s, "ns"); k == nil || k.Namespace != "ns" {
		t.Errorf("--namespace must replace the kustomize namespace: %+v", k)
	}
	if s.Spec.Environments["namespace"].Kustomize.Namespace != "agents-kustomize" {
		t.Error("Fields changed the swarm")
	}
	if k := kustomize.Fields(nil, ""); k != nil {
		t.Error("Fields(nil) != nil")
	}
}

// Apply works on copies: the rendered objects it was given are unchanged.
func TestApplyLeavesInputAlone(t *testing.T) {
	s, err := spec.Load(envsFile, nil, spec.Options{Env: "prefix"})
	if err != nil {
		t.Fatal(err)
	}
	in, err := render.Render(s, render.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var before, after strings.Builder
	if err := render.EncodeYAML(&before, in); err != nil {
		t.Fatal(err)
	}
	if _, err := kustomize.Apply(s, in, ""); err != nil {
		t.Fatal(err)
	}
	if err := render.EncodeYAML(&after, in); err != nil {
		t.Fatal(err)
	}
	if before.String() != after.String() {
		t.Error("Apply changed its input objects")
	}
}
