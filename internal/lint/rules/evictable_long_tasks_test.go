package rules

import (
	"testing"

	"github.com/agentscale/agentscale/internal/lint/linttest"
)

func TestEvictableLongTasks(t *testing.T) {
	job := func(annotations string) string {
		return "apiVersion: batch/v1\nkind: Job\nmetadata: {name: crunch}\nspec:\n  template:\n    metadata:\n      annotations: " + annotations +
			"\n    spec:\n      restartPolicy: Never\n      containers: [{name: app, image: app:1}]\n"
	}
	dep := func(grace string) string {
		return "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: worker}\nspec:\n  template:\n    spec:\n      terminationGracePeriodSeconds: " + grace +
			"\n      containers: [{name: app, image: app:1}]\n"
	}
	linttest.Run(t, EvictableLongTasks, []linttest.Case{
		{Name: "manifest/a Job without the opt-out", Manifest: job("{team: x}"), Want: []string{
			`7:7: warning evictable-long-tasks: Job crunch's pods run a task to its end, but node scale-down may evict them mid-task (each eviction counts against backoffLimit): nothing says safe-to-evict: "false" or do-not-disrupt`,
		}},
		{Name: "manifest/safe-to-evict true is no opt-out", Manifest: job(`{cluster-autoscaler.kubernetes.io/safe-to-evict: "true"}`), Want: []string{
			`7:7: warning evictable-long-tasks: Job crunch's pods run a task to its end, but node scale-down may evict them mid-task (each eviction counts against backoffLimit): nothing says safe-to-evict: "false" or do-not-disrupt`,
		}},
		{Name: "manifest/either opt-out passes", Manifest: job(`{cluster-autoscaler.kubernetes.io/safe-to-evict: "false"}`) + "---\n" +
			job(`{karpenter.sh/do-not-disrupt: "true"}`)},
		{Name: "manifest/a grace period past the autoscaler's drain", Manifest: dep("3600"), Want: []string{
			`7:7: warning evictable-long-tasks: Deployment worker gives its pods 3600s to finish a task, but the Cluster Autoscaler cuts a scale-down drain at 600s: mark the pods safe-to-evict: "false" (longTasks: true in swarm.yaml)`,
		}},
		{Name: "manifest/a short grace period passes", Manifest: dep("600")},
		{Name: "manifest/a bare Pod is never evicted for scale-down", Manifest: "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: app, image: app:1}]\n"},
		{Name: "manifest/suppressed", Manifest: "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: crunch\n  annotations: {agentscale.dev/ignore: evictable-long-tasks, agentscale.dev/ignore-reason: idempotent retries}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: app, image: app:1}]\n"},
		{Name: "swarm/long tasks and Jobs render the opt-out", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - {name: analyst, image: a:1, replicas: 2, longTasks: true, terminationGracePeriodSeconds: 3600}
    - {name: batch, image: a:1, workload: Job}
`},
		{Name: "swarm/a role that lifts the opt-out", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: batch
      image: a:1
      workload: Job
      annotations: {cluster-autoscaler.kubernetes.io/safe-to-evict: "true", karpenter.sh/do-not-disrupt: "false"}
`, Want: []string{
			`9:7: warning evictable-long-tasks: Job s-batch's pods run a task to its end, but node scale-down may evict them mid-task (each eviction counts against backoffLimit): nothing says safe-to-evict: "false" or do-not-disrupt`,
		}},
	})
}
