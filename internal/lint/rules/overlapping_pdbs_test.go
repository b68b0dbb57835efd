package rules

import (
	"strings"
	"testing"

	"github.com/agentscale/agentscale/internal/lint/linttest"
)

func TestOverlappingPDBs(t *testing.T) {
	const pods = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web, tier: agents}}
    spec: {containers: [{name: app, image: app:1}]}
`
	pdb := func(name, labels string) string {
		return "---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: " + name + "}\nspec:\n  maxUnavailable: 1\n  selector: {matchLabels: " + labels + "}\n"
	}
	linttest.Run(t, OverlappingPDBs, []linttest.Case{
		{Name: "manifest/two budgets on the same pods", Manifest: pods + pdb("web", "{app: web}") + pdb("agents", "{tier: agents}"), Want: []string{
			`23:3: error overlapping-pdbs: PodDisruptionBudgets web and agents both select the pods of Deployment web: the eviction API refuses to evict them`,
		}},
		{Name: "manifest/three budgets: each extra once", Manifest: pods + pdb("a", "{app: web}") + pdb("b", "{tier: agents}") + pdb("c", "{app: web, tier: agents}"), Want: []string{
			`23:3: error overlapping-pdbs: PodDisruptionBudgets a and b both select the pods of Deployment web: the eviction API refuses to evict them`,
			`30:3: error overlapping-pdbs: PodDisruptionBudgets a and c both select the pods of Deployment web: the eviction API refuses to evict them`,
		}},
		{Name: "manifest/suppressed", Manifest: pods + pdb("web", "{app: web}") + strings.Replace(pdb("agents", "{tier: agents}"), "metadata: {name: agents}",
			"metadata:\n  name: agents\n  annotations: {agentscale.dev/ignore: overlapping-pdbs, agentscale.dev/ignore-reason: removed in the next release}", 1)},
		{Name: "manifest/one budget each", Manifest: pods + pdb("web", "{app: web}") + pdb("other", "{app: other}")},
		{Name: "swarm/one budget per role", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - {name: a, image: a:1, replicas: 3}
    - {name: b, image: b:1, replicas: 3}
`},
	})
}
