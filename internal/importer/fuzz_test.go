package importer

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/agentscale/agentscale/internal/build"
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
		res, err := Import(objs, Options{})
		if err != nil {
			return
		}
		y, err := Marshal(res.Swarm)
		if err != nil {
			t.Fatal(err)
		}
		sw, verrs := spec.Parse("swarm.yaml", y, spec.Options{})
		if len(verrs) > 0 {
			// An input the format cannot hold (a name that is not a DNS
			// label, an image with spaces) is refused by validation, never
			// passed on as a broken swarm: that is fine. A panic is not.
			return
		}
		rendered, err := build.Objects(sw, build.Options{})
		if err != nil {
			return
		}
		if _, err := Compare(objs, res.Roles, rendered); err != nil {
			t.Fatal(err)
		}
	})
}
