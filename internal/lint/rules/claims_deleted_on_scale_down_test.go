package rules

import (
	"strings"
	"testing"

	"github.com/agentscale/agentscale/internal/lint/linttest"
)

func TestClaimsDeletedOnScaleDown(t *testing.T) {
	ss := func(whenScaled, state string) string {
		return `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: graph
  annotations: {agentscale.dev/state: ` + state + `}
spec:
  serviceName: graph
  selector: {matchLabels: {app: graph}}
  persistentVolumeClaimRetentionPolicy: {whenDeleted: Retain, whenScaled: ` + whenScaled + `}
  template:
    metadata: {labels: {app: graph}}
    spec: {containers: [{name: app, image: app:1}]}
  volumeClaimTemplates: [{metadata: {name: data}, spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}}]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: graph}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: StatefulSet, name: graph}
  maxReplicas: 5
`
	}
	linttest.Run(t, ClaimsDeletedOnScaleDown, []linttest.Case{
		{Name: "manifest/hard state: an error", Manifest: ss("Delete", "hard"), Want: []string{
			`9:63: error claims-deleted-on-scale-down: StatefulSet graph is autoscaled and deletes its claims on scale-down: every scale-down destroys the removed pods' disks`,
		}},
		{Name: "manifest/soft state: a warning", Manifest: ss("Delete", "soft"), Want: []string{
			`9:63: warning claims-deleted-on-scale-down: StatefulSet graph is autoscaled and deletes its claims on scale-down: every scale-down destroys the removed pods' disks`,
		}},
		{Name: "manifest/Retain", Manifest: ss("Retain", "hard")},
		{Name: "manifest/not autoscaled", Manifest: strings.Split(ss("Delete", "hard"), "---")[0]},
		{Name: "manifest/suppressed", Manifest: strings.Replace(ss("Delete", "soft"), "  annotations: {agentscale.dev/state: soft}",
			"  annotations: {agentscale.dev/state: soft, agentscale.dev/ignore: claims-deleted-on-scale-down, agentscale.dev/ignore-reason: a cache rebuilt on start}", 1)},
		{Name: "swarm/render retains claims on scale-down", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: graph
      image: g:1
      state: hard
      replicas: {min: 1, max: 5}
      storage: {size: 1Gi, mountPath: /data}
      scaling: {hpa: {cpu: 60}}
`},
	})
}
