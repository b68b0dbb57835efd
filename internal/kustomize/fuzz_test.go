package kustomize_test

import (
	"testing"

	"github.com/agentscale/agentscale/internal/diag"
	"github.com/agentscale/agentscale/internal/kustomize"
	"github.com/agentscale/agentscale/internal/render"
	"github.com/agentscale/agentscale/internal/spec"
)

// FuzzApplyPatch feeds arbitrary patch text (user input, parsed by
// kustomize) through Apply: it must return objects or input errors that
// each carry a position, never panic.
func FuzzApplyPatch(f *testing.F) {
	for _, seed := range []string{
		"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: tiny-planner}\nspec: {replicas: 3}\n",
		"- op: add\n  path: /metadata/labels/x\n  value: y\n",
		"- op: remove\n  path: /spec\n",
		"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: tiny-planner}\n$patch: delete\n",
		"kind: Deployment\nmetadata: {name: tiny-scout}\nspec: {template: {spec: {containers: [{name: scout, $patch: replace}]}}}\n",
		"{not: [valid", "", "[]", "null", "&a [*a]",
	} {
		f.Add(seed, false)
		f.Add(seed, true)
	}
	s, err := spec.Load(envsFile, nil, spec.Options{Env: "smp"})
	if err != nil {
		f.Fatal(err)
	}
	objs, err := render.Render(s, render.Options{})
	if err != nil {
		f.Fatal(err)
	}
	env := s.Spec.Environments["smp"]
	f.Fuzz(func(t *testing.T, patch string, targeted bool) {
		k := *env.Kustomize
		p := spec.KustomizePatch{Patch: patch}
		if targeted {
			p.Target = &spec.PatchTarget{Kind: "Deployment"}
		}
		k.Patches = []spec.KustomizePatch{p}
		e := env
		e.Kustomize = &k
		s.Spec.Environments["smp"] = e
		out, err := kustomize.Apply(s, objs, "")
		if err == nil {
			if out == nil {
				t.Fatal("no objects and no error")
			}
			return
		}
		list, ok := diag.AsErrorList(err)
		if !ok || len(list) == 0 {
			t.Fatalf("error %T is not a list of input errors: %v", err, err)
		}
		for _, e := range list {
			if !e.Pos.IsValid() {
				t.Fatalf("error without a position: %v", e)
			}
		}
	})
}
