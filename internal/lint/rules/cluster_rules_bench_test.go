package rules

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/agentscale/agentscale/internal/lint"
	"github.com/agentscale/agentscale/internal/lint/linttest"
)

// clusterWorstCase is n sets of objects that make the reference, capacity
// and text rules do all their work in one namespace: a Deployment on a
// shared pool with env, args and only an http port, a Service and a
// ServiceMonitor that selects none of them (so every Service and monitor
// is tried), an HPA on a Pods metric, a StatefulSet naming a missing
// Service, and a ScaledObject whose target is missing and whose trigger
// metadata is text to scan. n=500 is 3,000 objects.
func clusterWorstCase(n int) []byte {
	var b bytes.Buffer
	for i := range n {
		fmt.Fprintf(&b, `apiVersion: apps/v1
kind: Deployment
metadata:
  name: agent-%[1]d
  namespace: agents
  annotations:
    agentscale.dev/node-pool: general
    agentscale.dev/node-pool-allocatable: cpu=3800m,memory=14Gi,pods=110
    agentscale.dev/node-pool-max-nodes: "20"
spec:
  replicas: 2
  template:
    metadata: {labels: {app: agent-%[1]d}}
    spec:
      containers:
        - name: agent
          image: ghcr.io/acme/agent:1.%[1]d
          args: [--listen, ":8080", --upstream, "http://planner.agents.svc:7070/v1", --workers=4]
          ports: [{name: http, containerPort: 8080}]
          resources: {requests: {cpu: 250m, memory: 512Mi}}
          env:
            - {name: DATABASE_URL, value: "postgres://app:$(DB_PASSWORD)@db.data.svc:5432/app"}
            - {name: MAX_TOKENS, value: "4096"}
            - {name: MODEL, value: gpt-large-2026-01-01}
            - {name: NO_PROXY, value: "10.0.0.0/8,.svc,.cluster.local"}
            - {name: LOG_LEVEL, value: info}
---
apiVersion: v1
kind: Service
metadata: {name: agent-%[1]d, namespace: agents, labels: {app: agent-%[1]d}}
spec: {selector: {app: agent-%[1]d}, ports: [{name: http, port: 80}]}
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: other-%[1]d, namespace: agents}
spec: {selector: {matchLabels: {app: other-%[1]d}}, endpoints: [{port: metrics}]}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: agent-%[1]d, namespace: agents}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: agent-%[1]d}
  maxReplicas: 20
  metrics: [{type: Pods, pods: {metric: {name: tasks}, target: {type: AverageValue, averageValue: "5"}}}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: store-%[1]d, namespace: agents}
spec:
  serviceName: store-%[1]d-peers
  template: {spec: {containers: [{name: store, image: "s:1", env: [{name: PEERS, value: "store-0.store-peers:7000"}]}]}}
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: worker-%[1]d, namespace: agents}
spec:
  scaleTargetRef: {name: worker-%[1]d}
  triggers: [{type: kafka, metadata: {topic: t, bootstrapServers: "kafka.messaging.svc:9092", consumerGroup: g, lagThreshold: "100"}}]
---
`, i)
	}
	return b.Bytes()
}

// BenchmarkClusterRules times each rule alone on the worst case; "none" is
// the engine's parse and index alone, to subtract.
func BenchmarkClusterRules(b *testing.B) {
	data := clusterWorstCase(500)
	for _, r := range []*lint.Rule{nil, CustomMetricWithoutEndpoint, DanglingAutoscaler, HardcodedIP, LatestTag,
		MissingHeadlessService, PlaintextCredentials, PoolCapacity, UnschedulableRequests} {
		name, rules := "none", []*lint.Rule{}
		if r != nil {
			name, rules = r.ID, []*lint.Rule{r}
		}
		b.Run(name, func(b *testing.B) {
			opts := lint.Options{Rules: lint.MustRegistry(rules...), Render: linttest.Render}
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				lint.Run([]lint.Source{{Name: "bench.yaml", Data: data}}, opts)
			}
		})
	}
}

// TestClusterWorstCase keeps the benchmark honest: its input must parse and
// reach the rules' real work (the HPA's pods are judged "maybe scraped"
// only after every Service and monitor was tried, so nothing fires there).
func TestClusterWorstCase(t *testing.T) {
	reg := lint.MustRegistry(CustomMetricWithoutEndpoint, DanglingAutoscaler, HardcodedIP,
		MissingHeadlessService, PlaintextCredentials, PoolCapacity, UnschedulableRequests)
	got := strings.Join(linttest.Lint(reg, linttest.Case{Manifest: string(clusterWorstCase(2))}), "\n")
	want := strings.Join([]string{
		`50:3: info missing-headless-service: StatefulSet store-0 names Service store-0-peers, which is not in the input`,
		`57:3: info dangling-autoscaler: ScaledObject worker-0 targets Deployment worker-0, which is not in the input`,
		`109:3: info missing-headless-service: StatefulSet store-1 names Service store-1-peers, which is not in the input`,
		`116:3: info dangling-autoscaler: ScaledObject worker-1 targets Deployment worker-1, which is not in the input`,
	}, "\n")
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}
