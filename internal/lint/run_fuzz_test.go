package lint_test

import (
	"strings"
	"testing"

	"github.com/agentscale/agentscale/internal/fuzzseed"
	"github.com/agentscale/agentscale/internal/lint"
	"github.com/agentscale/agentscale/internal/lint/linttest"
	"github.com/agentscale/agentscale/internal/lint/rules"
)

// FuzzRun lints arbitrary input with every rule: nothing may panic (a rule
// that does is reported as an internal error, which fails here), and every
// finding has a rule and a message.
func FuzzRun(f *testing.F) {
	fuzzseed.Hostile(f)
	fuzzseed.Typos(f)
	for _, s := range []string{
		noRequests,
		largeManifestSeed,
		"apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\nmetadata: {name: s}\nspec:\n  roles:\n    - {name: web, image: web:1.0, replicas: {min: 1, max: 3}, scaling: {hpa: {cpu: 70}}}\n",
		"apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: x, annotations: {agentscale.dev/kafka-partitions: '3,x'}}\nspec: {triggers: [{type: kafka}]}\n",
		"apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: s, annotations: {agentscale.dev/node-pool: p, agentscale.dev/node-pool-allocatable: 'cpu=,memory=1Gi'}}\nspec: {}\n",
		"apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: p}\nspec: {selector: {matchExpressions: [{key: a, operator: Bogus}]}}\n",
	} {
		f.Add([]byte(s))
	}
	opts := lint.Options{Rules: rules.Registry(), Render: linttest.Render}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, fd := range lint.Run([]lint.Source{{Name: "f.yaml", Data: data}}, opts) {
			if strings.Contains(fd.Message, "internal error in rule") {
				t.Fatalf("%s: %s", fd.Pos, fd.Message)
			}
			if fd.Rule == "" || fd.Message == "" || fd.Pos.File == "" {
				t.Fatalf("incomplete finding %+v", fd)
			}
		}
	})
}

// largeManifestSeed is one set of the benchmark's objects.
var largeManifestSeed = string(largeManifest(1))
