// Package benchdata generates the large inputs the benchmarks and
// `make bench-cli` measure, so every measurement uses the same files.
// Only tests and hack/benchgen import it.
package benchdata

import (
	"bytes"
	"fmt"
	"strings"
)

// Swarm is a swarm of n roles cycling through every feature: HPA on
// custom metrics, KEDA with auth, hard state with peers, Jobs, plain
// Deployments; with node pools, headroom, monitoring and NetworkPolicies.
func Swarm(n int) []byte {
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
  # No dashboard: a thousand roles' panels are more than the 1 MiB a
  # ConfigMap may hold (render says so).
  monitoring: {alerts: true, adapterRules: true, dashboard: {enabled: false}}
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
	return []byte(b.String())
}

// Manifest is n sets of Deployment, Service, PDB and HPA: n=1000 gives
// 4,000 objects, about 1.25 MB, the size of a big generated bundle.
func Manifest(n int) []byte {
	var b bytes.Buffer
	for i := range n {
		fmt.Fprintf(&b, `apiVersion: apps/v1
kind: Deployment
metadata:
  name: agent-%[1]d
  namespace: agents
  labels: {app.kubernetes.io/name: agent-%[1]d, app.kubernetes.io/part-of: bench}
spec:
  selector:
    matchLabels: {app.kubernetes.io/name: agent-%[1]d}
  template:
    metadata:
      labels: {app.kubernetes.io/name: agent-%[1]d, app.kubernetes.io/part-of: bench}
    spec:
      containers:
        - name: agent
          image: ghcr.io/acme/agent:1.%[1]d.0
          ports: [{name: http, containerPort: 8080}]
          resources:
            requests: {cpu: 250m, memory: 512Mi}
            limits: {memory: 1Gi}
          readinessProbe:
            httpGet: {path: /healthz, port: 8080}
            periodSeconds: 5
---
apiVersion: v1
kind: Service
metadata:
  name: agent-%[1]d
  namespace: agents
spec:
  selector: {app.kubernetes.io/name: agent-%[1]d}
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: agent-%[1]d
  namespace: agents
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {app.kubernetes.io/name: agent-%[1]d}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: agent-%[1]d
  namespace: agents
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: agent-%[1]d}
  minReplicas: 2
  maxReplicas: 20
  metrics:
    - type: Resource
      resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
---
`, i)
	}
	return b.Bytes()
}
