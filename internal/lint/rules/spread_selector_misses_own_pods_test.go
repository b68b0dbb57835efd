package rules

import (
	"strings"
	"testing"

	"github.com/agentscale/agentscale/internal/lint/linttest"
)

func TestSpreadSelectorMissesOwnPods(t *testing.T) {
	dep := func(sel string) string {
		return `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: app, image: app:1}]
      topologySpreadConstraints:
        - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: ` + sel + `}}
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm: {topologyKey: kubernetes.io/hostname, labelSelector: {matchLabels: ` + sel + `}}
`
	}
	linttest.Run(t, SpreadSelectorMissesOwnPods, []linttest.Case{
		{Name: "manifest/selectors naming an old label", Manifest: dep("{app: webapp}"), Want: []string{
			`12:101: warning spread-selector-misses-own-pods: topology spread constraint topology.kubernetes.io/zone of Deployment web selects app=webapp, which the pod's own labels do not match: its replicas are not spread`,
			`17:70: warning spread-selector-misses-own-pods: pod anti-affinity on kubernetes.io/hostname of Deployment web selects app=webapp, which the pod's own labels do not match: its replicas are not spread`,
		}},
		{Name: "manifest/its own labels", Manifest: dep("{app: web}")},
		{Name: "manifest/suppressed", Manifest: strings.Replace(dep("{app: webapp}"), "metadata: {name: web}",
			"metadata:\n  name: web\n  annotations: {agentscale.dev/ignore: spread-selector-misses-own-pods, agentscale.dev/ignore-reason: kept apart from the webapp pods on purpose}", 1)},
		{Name: "swarm/render spreads on the pod's own labels", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - {name: w, image: w:1, replicas: 3}
`},
	})
}
