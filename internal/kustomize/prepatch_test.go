package kustomize

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/agentscale/agentscale/internal/render"
	"github.com/agentscale/agentscale/internal/spec"
)

// both runs Apply with and without the patch pre-pass and requires the
// same objects (byte for byte, with Role and Source) or the same error.
func both(t *testing.T, s *spec.Swarm, namespace string) {
	t.Helper()
	objs, err := render.Render(s, render.Options{Namespace: namespace})
	if err != nil {
		t.Fatal(err)
	}
	run := func(off bool) (string, error) {
		noPrepatch = off
		defer func() { noPrepatch = false }()
		out, err := Apply(s, objs, namespace)
		if err != nil {
			return "", err
		}
		var b strings.Builder
		for _, o := range out {
			// An object the patches left unencodable (a key YAML read as
			// a number) fails later, in the output check; here it is
			// compared like any other.
			data, err := render.MarshalYAML(o.Obj)
			if err != nil {
				data = []byte("cannot encode: " + err.Error() + "\n")
			}
			fmt.Fprintf(&b, "--- # role=%d source=%s\n%s", o.Role, o.Source, data)
		}
		return b.String(), nil
	}
	want, wantErr := run(true)
	got, gotErr := run(false)
	if fmt.Sprint(wantErr) != fmt.Sprint(gotErr) && !sharper(gotErr, wantErr) {
		t.Fatalf("error\n got: %v\nwant: %v", gotErr, wantErr)
	}
	if got != want {
		gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("output differs at line %d:\n got: %s\nwant: %s", i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("output differs in length: %d vs %d lines", len(gl), len(wl))
	}
	if wantErr != nil {
		t.Logf("both fail: %v", wantErr)
	}
}

// sharper reports whether got is want's error, located at the patch that
// causes it where krusty's build could only name the kustomize block (the
// failing patch fails only after the ones before it), or without the
// patch text krusty's build puts before kustomize's message.
func sharper(got, want error) bool {
	var g, w *spec.Error
	if !errors.As(got, &g) || !errors.As(want, &w) {
		return false
	}
	located := g.Path == w.Path || strings.HasSuffix(w.Path, ".kustomize") && strings.HasPrefix(g.Path, w.Path+".patches[")
	return located && strings.HasSuffix(w.Msg, strings.TrimPrefix(g.Msg, "kustomize: "))
}

func TestPrepatchSameAsKrustyEnvs(t *testing.T) {
	for _, env := range []string{"smp", "json6902", "missing-target", "bad-json6902", "not-a-patch"} {
		t.Run(env, func(t *testing.T) {
			s, err := spec.Load("testdata/envs.yaml", nil, spec.Options{Env: env})
			if err != nil {
				t.Fatal(err)
			}
			both(t, s, "")
			both(t, s, "flag-ns")
		})
	}
}

func TestPrepatchSameAsKrustyManyRoles(t *testing.T) {
	both(t, manyRoles(t, 30), "")
}

func TestPrepatchSameAsKrustyEdgeCases(t *testing.T) {
	lit := func(items ...string) func(b *strings.Builder) {
		return func(b *strings.Builder) {
			for _, it := range items {
				b.WriteString(it)
			}
		}
	}
	smp := func(name, body string) string {
		return fmt.Sprintf("          - patch: |\n              apiVersion: apps/v1\n              kind: Deployment\n              metadata: {name: %s}\n%s", name, body)
	}
	js := func(target, ops string) string {
		return fmt.Sprintf("          - target: %s\n            patch: '%s'\n", target, ops)
	}
	cases := map[string][]string{
		"delete": {
			smp("s-hpa-0", "              $patch: delete\n"),
			js("{kind: Deployment}", `[{"op": "add", "path": "/metadata/annotations/after", "value": "x"}]`),
		},
		"rename-then-target-new-name": {
			js("{kind: Deployment, name: s-hpa-0}", `[{"op": "add", "path": "/metadata/annotations/a", "value": "1"}]`),
			js("{kind: Deployment, name: s-hpa-0}", `[{"op": "replace", "path": "/metadata/name", "value": "renamed"}]`),
			js("{kind: Deployment, name: renamed}", `[{"op": "add", "path": "/metadata/annotations/b", "value": "2"}]`),
			js("{kind: Deployment, name: s-hpa-0}", `[{"op": "add", "path": "/metadata/annotations/c", "value": "3"}]`),
			smp("s-keda-1", "              spec: {minReadySeconds: 3}\n"),
		},
		"label-then-label-selector": {
			js("{kind: Deployment, name: s-plain-2}", `[{"op": "add", "path": "/metadata/labels/picked", "value": "yes"}]`),
			js("{labelSelector: picked=yes}", `[{"op": "add", "path": "/metadata/annotations/picked", "value": "1"}]`),
			js("{kind: Deployment, name: s-plain-2}", `[{"op": "remove", "path": "/metadata/labels/picked"}]`),
			js("{labelSelector: picked=yes}", `[{"op": "add", "path": "/metadata/annotations/again", "value": "1"}]`),
		},
		"annotation-selector": {
			js("{kind: Deployment, name: s-hpa-0}", `[{"op": "add", "path": "/metadata/annotations/mark", "value": "on"}]`),
			js("{annotationSelector: mark=on}", `[{"op": "add", "path": "/spec/minReadySeconds", "value": 9}]`),
		},
		"strip-index-annotation": {
			js("{kind: Deployment, name: s-hpa-0}", `[{"op": "remove", "path": "/metadata/annotations/agentscale.dev~1render-index"}]`),
			js("{kind: Service}", `[{"op": "remove", "path": "/metadata/annotations"}]`),
		},
		"test-after-float": {
			js("{kind: Deployment, name: s-hpa-0}", `[{"op": "add", "path": "/spec/minReadySeconds", "value": 1.0}]`),
			js("{kind: Deployment, name: s-hpa-0}", `[{"op": "test", "path": "/spec/minReadySeconds", "value": 1}, {"op": "add", "path": "/metadata/annotations/t", "value": "ok"}]`),
		},
		"test-after-float-fails": {
			js("{kind: Deployment, name: s-hpa-0}", `[{"op": "add", "path": "/spec/minReadySeconds", "value": 1.0}]`),
			js("{kind: Deployment, name: s-hpa-0}", `[{"op": "test", "path": "/spec/minReadySeconds", "value": 1.0}]`),
		},
		"html-strings": {
			js("{kind: Deployment, name: s-hpa-0}", `[{"op": "add", "path": "/metadata/annotations/h", "value": "<a&b>"}]`),
			js("{kind: Deployment, name: s-hpa-0}", `[{"op": "copy", "from": "/metadata/annotations/h", "path": "/metadata/annotations/h2"}]`),
		},
		"regex-targets": {
			js("{kind: Deployment, name: 's-.*'}", `[{"op": "add", "path": "/metadata/annotations/re", "value": "1"}]`),
			js("{kind: 'Deploy.*|StatefulSet'}", `[{"op": "add", "path": "/metadata/annotations/re2", "value": "1"}]`),
			js("{group: apps, version: v1, kind: Deployment, namespace: s}", `[{"op": "add", "path": "/metadata/annotations/ns", "value": "1"}]`),
			js("{name: s-keda-1}", `[{"op": "add", "path": "/metadata/annotations/any-kind", "value": "1"}]`),
		},
		"smp-and-json-interleaved-lists": {
			smp("s-hpa-0", "              spec: {template: {spec: {containers: [{name: hpa-0, env: [{name: A, value: a}]}]}}}\n"),
			js("{kind: Deployment, name: s-hpa-0}", `[{"op": "add", "path": "/spec/template/spec/containers/0/env/-", "value": {"name": "B", "value": "b"}}]`),
			smp("s-hpa-0", "              spec: {template: {spec: {containers: [{name: hpa-0, env: [{name: C, value: c}]}]}}}\n"),
			js("{kind: Deployment, name: s-hpa-0}", `[{"op": "add", "path": "/spec/template/spec/containers/0/env/0", "value": {"name": "D", "value": "d"}}]`),
			js("{kind: Deployment, name: s-hpa-0}", `[{"op": "remove", "path": "/spec/template/spec/containers/0/env/1"}]`),
			smp("s-hpa-0", "              spec: {template: {spec: {containers: [{name: hpa-0, env: [{name: A, $patch: delete}]}]}}}\n"),
		},
		"smp-runs": {
			"          - patch: |\n              apiVersion: apps/v1\n              kind: Deployment\n              metadata: {name: s-hpa-0, annotations: {a: \"1\"}, labels: {l1: x}}\n",
			smp("s-hpa-0", "              spec: {minReadySeconds: 3, template: {metadata: {annotations: {t: \"1\"}}}}\n"),
			smp("s-hpa-0", "              spec: {minReadySeconds: 4, strategy: {rollingUpdate: {maxSurge: 2}}}\n"),
			js("{labelSelector: l1=x}", `[{"op": "add", "path": "/metadata/annotations/sel", "value": "1"}]`),
			smp("s-hpa-0", "              spec: {strategy: {rollingUpdate: {maxUnavailable: 0}}}\n"),
			smp("s-hpa-0", "              spec: {template: {spec: {terminationGracePeriodSeconds: 9}}}\n"),
			"          - patch: |\n              apiVersion: apps/v1\n              kind: Deployment\n              metadata: {name: s-hpa-0, labels: {l1: y}}\n",
			"          - target: {kind: Deployment, labelSelector: l1=y}\n            patch: |\n              apiVersion: apps/v1\n              kind: Deployment\n              metadata: {name: whatever}\n              spec: {paused: true}\n",
			smp("s-hpa-0", "              spec: {template: {spec: {nodeSelector: {a: b}}}}\n"),
			smp("s-hpa-0", "              spec: {template: {spec: {nodeSelector: null}}}\n"),
			smp("s-hpa-0", "              spec: {template: {spec: {nodeSelector: {c: d}}}}\n"),
			smp("s-keda-1", "              spec: {template: {spec: {containers: [{name: keda-1, image: x}]}}}\n"),
			smp("s-keda-1", "              spec: {revisionHistoryLimit: 1} # a comment\n"),
			smp("s-keda-1", "              spec: {revisionHistoryLimit: 2, $patch: replace}\n"),
		},
		"smp-type-conflict": {
			smp("s-hpa-0", "              spec: {selector: 1}\n"),
			smp("s-hpa-0", "              spec: {selector: {matchLabels: {a: b}}}\n"),
		},
		"smp-type-conflict-in-run": {
			smp("s-hpa-0", "              spec: {minReadySeconds: 1}\n"),
			smp("s-hpa-0", "              spec: {minReadySeconds: {a: b}}\n"),
		},
		"kind-change": {
			js("{kind: Deployment, name: s-plain-2}", `[{"op": "replace", "path": "/kind", "value": "StatefulSet"}]`),
			js("{kind: StatefulSet, name: s-plain-2}", `[{"op": "add", "path": "/metadata/annotations/k", "value": "1"}]`),
		},
		"whole-labels": {
			js("{kind: Deployment, name: s-plain-2}", `[{"op": "replace", "path": "/metadata/labels", "value": {"only": "this"}}]`),
			js("{labelSelector: only=this}", `[{"op": "add", "path": "/metadata/annotations/w", "value": "1"}]`),
		},
		"empty-json": {
			js("{kind: Deployment, name: s-plain-2}", `[]`),
		},
		"failing-late": {
			js("{kind: Deployment, name: s-plain-2}", `[{"op": "add", "path": "/metadata/annotations/w", "value": "1"}]`),
			js("{kind: Deployment, name: s-plain-2}", `[{"op": "replace", "path": "/spec/no/pe", "value": 1}]`),
		},
		"yaml-ops": {
			"          - target: {kind: Deployment, name: s-plain-2}\n            patch: |\n              - op: add\n                path: /metadata/annotations/y\n                value: \"on\"\n              - {op: add, path: /spec/minReadySeconds, value: 4}\n",
			"          - target: {kind: Deployment, name: s-plain-2}\n            patch: |\n              - {op: move, from: /metadata/annotations/y, path: /metadata/annotations/z}\n",
		},
	}
	for name, patches := range cases {
		t.Run(name, func(t *testing.T) {
			for _, extra := range []string{"", extraFields} {
				both(t, patchSwarm(t, 3, extra, lit(patches...)), "")
			}
		})
	}
}

// FuzzPrepatchSame: any patch text, with the pre-pass and without, gives
// the same objects or the same error.
func FuzzPrepatchSame(f *testing.F) {
	for _, seed := range []string{
		"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: tiny-planner}\nspec: {replicas: 3}\n",
		"- op: add\n  path: /metadata/labels/x\n  value: y\n",
		"- op: remove\n  path: /spec\n",
		"- {op: replace, path: /metadata/name, value: other}\n",
		"- {op: replace, path: /kind, value: StatefulSet}\n- {op: add, path: /metadata/annotations/a, value: b}\n",
		"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: tiny-planner}\n$patch: delete\n",
		"kind: Deployment\nmetadata: {name: tiny-scout}\nspec: {template: {spec: {containers: [{name: scout, $patch: replace}]}}}\n",
		"{not: [valid", "", "[]", "null", "&a [*a]",
	} {
		f.Add(seed, false, seed, true)
	}
	s, err := spec.Load("testdata/envs.yaml", nil, spec.Options{Env: "smp"})
	if err != nil {
		f.Fatal(err)
	}
	env := s.Spec.Environments["smp"]
	f.Fuzz(func(t *testing.T, p1 string, t1 bool, p2 string, t2 bool) {
		k := *env.Kustomize
		k.NamePrefix = "x-"
		k.Patches = nil
		for _, p := range []struct {
			text     string
			targeted bool
		}{{p1, t1}, {p2, t2}} {
			kp := spec.KustomizePatch{Patch: p.text}
			if p.targeted {
				kp.Target = &spec.PatchTarget{Kind: "Deployment"}
			}
			k.Patches = append(k.Patches, kp)
		}
		e := env
		e.Kustomize = &k
		s.Spec.Environments["smp"] = e
		both(t, s, "")
	})
}

// Absurd sizes are refused when the swarm is loaded, before any patch runs.
func TestPatchLimits(t *testing.T) {
	for _, c := range []struct {
		patches func(b *strings.Builder)
		want    string
	}{
		{smpPatches(3, spec.MaxPatches+1), "s.yaml:17:11: environments.prod.kustomize.patches: 2001 patches; at most 2000 are supported: merge patches that change the same object"},
		{bigJSONFixPatch(3, spec.MaxPatchOps+1), "s.yaml:18:20: environments.prod.kustomize.patches[0].patch: the JSON 6902 patch has 10001 operations; at most 10000 are supported: split it, or patch a whole field at once"},
	} {
		_, errs := parsePatchSwarm(3, "", c.patches)
		if len(errs) == 0 || errs[0].Error() != c.want {
			t.Errorf("got  %v\nwant %s", errs, c.want)
		}
	}
}

// TestPatchesThatCollide: a patch renaming every Deployment to one name.
// Within one krusty build (up to batchSize objects) kustomize's own error
// names the patch; beyond it, where krusty builds in batches and would
// write both, the pre-pass refuses the collision itself.
func TestPatchesThatCollide(t *testing.T) {
	rename := func(b *strings.Builder) {
		b.WriteString("          - {target: {kind: Deployment}, patch: \"- {op: replace, path: /metadata/name, value: other}\"}\n")
	}
	for _, c := range []struct {
		roles int
		want  string
	}{
		{3, "s.yaml:17:13: environments.prod.kustomize.patches[0]: kustomize: kustomize failed: may not add resource with an already registered id: Deployment.v1.apps/other.agents"},
		{40, "s.yaml:53:9: environments.prod.kustomize.patches: kustomize: the patches leave two objects Deployment other in namespace agents: each object needs its own kind, name and namespace"},
	} {
		s := patchSwarm(t, c.roles, "", rename)
		objs, err := render.Render(s, render.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if c.roles > 3 && len(objs) <= batchSize {
			t.Fatalf("%d roles render %d objects, within one batch of %d", c.roles, len(objs), batchSize)
		}
		_, err = Apply(s, objs, "")
		if fmt.Sprint(err) != c.want {
			t.Errorf("%d roles: got %v\nwant %s", c.roles, err, c.want)
		}
	}
}
