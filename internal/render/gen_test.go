package render

import (
	"fmt"
	"strings"
	"testing"
)

// generatedSwarm is a swarm of n roles cycling through every feature: HPA on
// custom metrics, KEDA with auth, hard state with peers, Jobs, plain
// Deployments; with node pools, headroom, monitoring and NetworkPolicies.
func generatedSwarm(n int) string {
	var b strings.Builder
	b.WriteString(`apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: big, namespace: agents, labels: {team: platform}}
spec:
  defaults:
    image: ghcr.io/acme/agents:1.0.0
    resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 256Mi}}
    metrics: {port: 9090}
    nodePool: general
    probes: {readiness: {httpGet: {path: /ready, port: 9090}}}
  nodePools:
    - {name: general, allocatable: {cpu: 3800m, memory: 14Gi}, maxNodes: 500, nodeSelector: {pool: general}}
  headroom: {replicas: 2, nodePool: general, resources: {requests: {cpu: "1", memory: 2Gi}}}
  monitoring: {alerts: true, adapterRules: true}
  networkPolicy: true
  roles:
`)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "    - name: r%d\n", i)
		switch i % 5 {
		case 0:
			b.WriteString("      replicas: {min: 1, max: 20}\n      ports: [{name: http, port: 8080}]\n" +
				"      scaling: {hpa: {cpu: 70, metrics: [{name: agent_queue_pending_tasks, type: Object, target: 10}]}}\n")
		case 1:
			fmt.Fprintf(&b, "      state: soft\n      replicas: {min: 1, max: 30}\n      scaling: {keda: {triggers: [{type: kafka, "+
				"metadata: {bootstrapServers: 'k:9092', topic: t%d, consumerGroup: g%d, lagThreshold: 100}, partitions: 30, "+
				"auth: {secret: kafka, params: {sasl: sasl, password: password}}}]}}\n", i, i)
		case 2:
			b.WriteString("      state: hard\n      replicas: 3\n      peers: {port: 7000}\n      storage: {size: 1Gi, mountPath: /data}\n")
		case 3:
			b.WriteString("      replicas: 4\n      ports: [{name: grpc, port: 7070}]\n      disruption: {minAvailable: 50%}\n")
		case 4:
			b.WriteString("      workload: Job\n      replicas: 2\n      job: {backoffLimit: 1}\n")
		}
	}
	return b.String()
}

func TestGeneratedSwarmRenders(t *testing.T) {
	objs := mustRender(t, parse(t, generatedSwarm(25)), Options{})
	if n := count(objs, "ScaledObject") + count(objs, "HorizontalPodAutoscaler") + count(objs, "StatefulSet") + count(objs, "Job"); n != 20 {
		t.Errorf("%d autoscalers, StatefulSets and Jobs, want 20", n)
	}
}
