package lint_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"testing"

	"github.com/agentscale/agentscale/internal/lint"
	"github.com/agentscale/agentscale/internal/lint/linttest"
	"github.com/agentscale/agentscale/internal/lint/rules"
)

var benchManifest = flag.String("bench-manifest", "", "write the 4,000-object benchmark manifest to this path (for hyperfine)")

// largeManifest is n sets of Deployment, Service, PDB and HPA: n=1000 gives
// 4,000 objects, about 1.25 MB, the size of a big generated bundle.
func largeManifest(n int) []byte {
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

func TestWriteBenchManifest(t *testing.T) {
	if *benchManifest == "" {
		t.Skip("pass -bench-manifest PATH to write the benchmark input")
	}
	if err := os.WriteFile(*benchManifest, largeManifest(1000), 0o644); err != nil {
		t.Fatal(err)
	}
}

func BenchmarkLintManifest4000(b *testing.B) {
	data := largeManifest(1000)
	opts := lint.Options{Rules: rules.Registry(), Render: linttest.Render}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if fs := lint.Run([]lint.Source{{Name: "bench.yaml", Data: data}}, opts); len(fs) != 0 {
			b.Fatalf("benchmark input should lint clean, got %v", fs[0])
		}
	}
}

func BenchmarkLintExampleSwarm(b *testing.B) {
	data, err := os.ReadFile("../../examples/market-research.yaml")
	if err != nil {
		b.Fatal(err)
	}
	opts := lint.Options{Rules: rules.Registry(), Render: linttest.Render}
	b.ReportAllocs()
	for b.Loop() {
		lint.Run([]lint.Source{{Name: "market-research.yaml", Data: data}}, opts)
	}
}
