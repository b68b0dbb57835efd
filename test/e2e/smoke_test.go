package e2e

import (
	"strings"
	"testing"
)

// smokeManifest is a hand-written workload that the restricted Pod Security
// Standard admits, plus one object of each CRD kind the renderer emits. It
// proves the cluster and the CRDs work independently of the CLI. The
// Deployment leaves replicas to its ScaledObject, as it should.
const smokeManifest = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: smoke
spec:
  selector:
    matchLabels: {app: smoke}
  template:
    metadata:
      labels: {app: smoke}
    spec:
      securityContext:
        runAsNonRoot: true
        seccompProfile: {type: RuntimeDefault}
      containers:
      - name: app
        image: registry.example/smoke:1.0.0
        securityContext:
          allowPrivilegeEscalation: false
          capabilities: {drop: [ALL]}
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: smoke
spec:
  scaleTargetRef: {name: smoke}
  minReplicaCount: 1
  maxReplicaCount: 3
  triggers:
  - type: prometheus
    metadata:
      serverAddress: http://prometheus.monitoring:9090
      query: sum(rate(http_requests_total[1m]))
      threshold: "10"
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: smoke
spec:
  selector:
    matchLabels: {app: smoke}
  endpoints:
  - port: metrics
---
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: smoke
spec:
  groups:
  - name: smoke
    rules:
    - alert: SmokeDown
      expr: up{job="smoke"} == 0
      for: 5m
`

// unrestrictedPod lacks the restricted profile's securityContext settings,
// so a namespace enforcing "restricted" refuses it; that shows Pod Security
// admission is active in the test cluster.
const unrestrictedPod = `apiVersion: v1
kind: Pod
metadata:
  name: unrestricted
spec:
  containers:
  - name: app
    image: registry.example/smoke:1.0.0
`

func TestClusterSmoke(t *testing.T) {
	ns := "e2e-smoke"
	createNamespace(t, ns)
	out := mustKubectl(t, []byte(smokeManifest), "apply", "-n", ns, "-f", "-")
	if n := strings.Count(out, " created"); n != 4 {
		t.Fatalf("expected 4 objects created, got:\n%s", out)
	}
	out = mustKubectl(t, []byte(smokeManifest), "apply", "-n", ns, "-f", "-")
	assertAllUnchanged(t, out)

	r := kubectl([]byte(unrestrictedPod), "apply", "-n", ns, "-f", "-")
	if r.err == nil || !strings.Contains(r.stderr, "violates PodSecurity") {
		t.Fatalf("unrestricted pod was not refused by Pod Security admission:\n%s", r)
	}

	v := mustKubectl(t, nil, "version", "-o", "json")
	if !strings.Contains(v, `"gitVersion": "`+kubernetesVersion+`"`) {
		t.Fatalf("kubectl version does not report %s for client and server:\n%s", kubernetesVersion, v)
	}
}

// assertAllUnchanged checks that every line of kubectl apply's output says
// the object was left unchanged.
func assertAllUnchanged(t *testing.T, out string) {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) == 0 || lines[0] == "" {
		t.Fatalf("kubectl apply printed nothing")
	}
	for _, l := range lines {
		if !strings.HasSuffix(l, " unchanged") {
			t.Errorf("second apply changed an object: %q\nfull output:\n%s", l, out)
		}
	}
}
