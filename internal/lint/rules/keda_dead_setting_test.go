package rules

import (
	"strings"
	"testing"

	"github.com/agentscale/agentscale/internal/lint/linttest"
)

func TestKEDADeadSetting(t *testing.T) {
	so := func(spec string) string {
		return "apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: w}\nspec:\n  scaleTargetRef: {name: w}\n" + spec +
			"  triggers:\n    - type: kafka\n      metadata: {topic: t, lagThreshold: \"100\", activationLagThreshold: \"5\"}\n"
	}
	swarm := func(min int, extra string) string {
		return strings.NewReplacer("MIN", string(rune('0'+min)), "EXTRA", extra).Replace(`
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: w
      image: w:1
      replicas: {min: MIN, max: 10}
      scaling:
        keda:EXTRA
          triggers:
            - type: kafka
              metadata: {bootstrapServers: "k:9092", topic: t, consumerGroup: g, lagThreshold: "100"}
`)
	}
	linttest.Run(t, KEDADeadSetting, []linttest.Case{
		{Name: "manifest/a cooldown and an activation threshold above a minimum of 2", Manifest: so("  minReplicaCount: 2\n  cooldownPeriod: 300\n"), Want: []string{
			`7:3: warning keda-dead-setting: cooldownPeriod 300 does nothing: ScaledObject w never scales below minReplicaCount 2, and KEDA reads the cooldown only on the way to zero or idle`,
			`10:49: warning keda-dead-setting: trigger 0's activationLagThreshold does nothing: with minReplicaCount 2 the ScaledObject's activity never changes its replicas`,
		}},
		{Name: "manifest/scaling to zero reads them", Manifest: so("  minReplicaCount: 0\n  cooldownPeriod: 300\n")},
		{Name: "manifest/minReplicaCount unset is 0", Manifest: so("  cooldownPeriod: 300\n")},
		{Name: "manifest/an idle count reads them", Manifest: so("  minReplicaCount: 2\n  idleReplicaCount: 0\n  cooldownPeriod: 300\n")},
		{Name: "manifest/suppressed", Manifest: strings.Replace(so("  minReplicaCount: 2\n  cooldownPeriod: 300\n"), "metadata: {name: w}",
			"metadata:\n  name: w\n  annotations: {agentscale.dev/ignore: keda-dead-setting, agentscale.dev/ignore-reason: min drops to 0 at night via a patch}", 1)},
		{Name: "swarm/a cooldown with replicas.min 1", Swarm: swarm(1, "\n          cooldownPeriod: 120"), Want: []string{
			`11:11: warning keda-dead-setting: cooldownPeriod 120 does nothing: ScaledObject s-w never scales below minReplicaCount 1, and KEDA reads the cooldown only on the way to zero or idle`,
		}},
		{Name: "swarm/a cooldown with replicas.min 0", Swarm: swarm(0, "\n          cooldownPeriod: 120")},
	})
}
