package rules

import (
	"strings"
	"testing"

	"github.com/agentscale/agentscale/internal/lint/linttest"
)

func TestKEDAIdleReplicas(t *testing.T) {
	so := func(spec string) string {
		return "apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {name: web}\n" + spec +
			"  triggers: [{type: cpu, metadata: {value: \"60\"}}]\n"
	}
	linttest.Run(t, KEDAIdleReplicas, []linttest.Case{
		{Name: "manifest/idle equal to the minimum", Manifest: so("  idleReplicaCount: 2\n  minReplicaCount: 2\n"), Want: []string{
			`6:3: error keda-idle-replicas: ScaledObject web has idleReplicaCount 2, not below its minimum of 2: KEDA rejects it`,
		}},
		{Name: "manifest/idle 0 with the minimum unset (0)", Manifest: so("  idleReplicaCount: 0\n"), Want: []string{
			`6:3: error keda-idle-replicas: ScaledObject web has idleReplicaCount 0, not below its minimum of 0: KEDA rejects it`,
		}},
		{Name: "manifest/idle 0 below a minimum of 1", Manifest: so("  idleReplicaCount: 0\n  minReplicaCount: 1\n")},
		{Name: "manifest/an explicit minimum of 0 counts as KEDA's HPA minimum, 1", Manifest: so("  idleReplicaCount: 0\n  minReplicaCount: 0\n")},
		{Name: "manifest/no idle count", Manifest: so("  minReplicaCount: 0\n")},
		{Name: "manifest/suppressed", Manifest: strings.Replace(so("  idleReplicaCount: 0\n"), "metadata: {name: web}",
			"metadata:\n  name: web\n  annotations: {agentscale.dev/ignore: keda-idle-replicas, agentscale.dev/ignore-reason: applied by a KEDA fork that allows it}", 1)},
		{Name: "swarm/validate keeps the swarm's right", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: w
      image: w:1
      replicas: {min: 1, max: 5}
      scaling:
        keda:
          idleReplicas: 0
          triggers: [{type: cpu, metricType: Utilization, metadata: {value: "60"}}]
`},
	})
}
