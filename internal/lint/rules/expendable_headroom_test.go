package rules

import (
	"strings"
	"testing"

	"github.com/agentscale/agentscale/internal/lint/linttest"
)

func TestExpendableHeadroom(t *testing.T) {
	objs := func(value string) string {
		return `apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: overprovisioning}
value: ` + value + `
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: headroom}
spec:
  replicas: 2
  template:
    spec:
      priorityClassName: overprovisioning
      containers: [{name: pause, image: registry.k8s.io/pause:3.10}]
`
	}
	linttest.Run(t, ExpendableHeadroom, []linttest.Case{
		{Name: "manifest/below the cutoff", Manifest: objs("-100"), Want: []string{
			`13:7: warning expendable-headroom: Deployment headroom runs at priority -100 (PriorityClass overprovisioning), below the Cluster Autoscaler's expendable cutoff of -10: its pending pods never add a node`,
		}},
		{Name: "manifest/at the cutoff", Manifest: objs("-10")},
		{Name: "manifest/suppressed", Manifest: strings.Replace(objs("-100"), "metadata: {name: headroom}",
			"metadata:\n  name: headroom\n  annotations: {agentscale.dev/ignore: expendable-headroom, agentscale.dev/ignore-reason: the cluster runs with --expendable-pods-priority-cutoff=-1000}", 1)},
		{Name: "swarm/render's headroom is at the cutoff", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  headroom: {replicas: 1, resources: {requests: {cpu: 500m, memory: 1Gi}}}
  roles:
    - {name: w, image: w:1}
`},
	})
}
