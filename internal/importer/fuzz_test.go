package importer

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/agentscale/agentscale/internal/manifest"
	"github.com/agentscale/agentscale/internal/render"
	"github.com/agentscale/agentscale/internal/spec"
)

// FuzzImport: whatever manifests parse, import never panics, and what it
// returns is a valid swarm that renders and compares with the input.
func FuzzImport(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.yaml")
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: s}\nspec:\n  template:\n    spec:\n      containers: [{name: a, image: a}]\n  volumeClaimTemplates: [{metadata: {name: d}, spec: {resources: {requests: {storage: 1Gi}}}}]\n"))
	dep := "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w}\nspec:\n  template:\n    spec:\n      containers: [{name: w, image: w}]\n---\n"
	for _, typ := range []string{"Pods", "Object", "External", "Resource", "ContainerResource"} {
		f.Add([]byte(dep + "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: w}\nspec: {scaleTargetRef: {kind: Deployment, name: w}, maxReplicas: 3, metrics: [{type: " + typ + "}]}\n"))
	}
	f.Add([]byte(dep + "apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: w}\nspec: {scaleTargetRef: {name: w}, triggers: [{type: kafka, authenticationRef: {name: missing}}]}\n"))
	f.Add([]byte("apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec: {parallelism: 4, template: {spec: {containers: [{name: a, image: a}]}}}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		docs, errs := manifest.Parse("in.yaml", data)
		if len(errs) > 0 {
			return
		}
		var objs []render.KubeObject
		for _, d := range docs {
			objs = append(objs, d.Obj)
		}
		// Run validates and renders what it writes, with and without the
		// carried patches; an input no swarm can hold is an error, never a
		// panic or a broken file.
		out, err := Run(objs, Options{})
		if err != nil {
			return
		}
		for _, env := range []string{"", CarryEnv} {
			if out.Carried == 0 && env != "" {
				continue
			}
			if _, errs := spec.Parse("swarm.yaml", out.YAML, spec.Options{Env: env}); len(errs) > 0 {
				t.Fatalf("Run wrote an invalid swarm (env %q): %v\n%s", env, errs, out.YAML)
			}
		}
	})
}
