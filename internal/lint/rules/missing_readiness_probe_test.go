package rules

import (
	"testing"

	"github.com/agentscale/agentscale/internal/lint/linttest"
)

func TestMissingReadinessProbe(t *testing.T) {
	linttest.Run(t, MissingReadinessProbe, []linttest.Case{
		{Name: "manifest/declared ports", Manifest: `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
        - name: app
          image: app:1
          ports: [{name: metrics, containerPort: 9090}, {name: http, containerPort: 8080}]
        - name: exporter
          image: e:1
          ports: [{name: metrics, containerPort: 9100}]
        - name: ready
          image: r:1
          ports: [{containerPort: 7000}]
          readinessProbe: {tcpSocket: {port: 7000}}
`, Want: []string{
			`8:11: warning missing-readiness-probe: container "app" serves port http but has no readiness probe`,
		}},
		{Name: "manifest/routed by a Service", Manifest: `
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: peer, namespace: agents}
spec:
  serviceName: peer
  template:
    metadata: {labels: {app: peer, tier: a}}
    spec:
      containers: [{name: agent, image: a:1}]
---
apiVersion: v1
kind: Service
metadata: {name: peer, namespace: agents}
spec:
  clusterIP: None
  selector: {app: peer}
  ports: [{name: gossip, port: 7000}]
`, Want: []string{
			`9:20: warning missing-readiness-probe: container "agent" serves port gossip of Service peer but has no readiness probe`,
		}},
		{Name: "manifest/not routed, metrics only, jobs", Manifest: `
apiVersion: apps/v1
kind: Deployment
metadata: {name: consumer, namespace: agents}
spec:
  template:
    metadata: {labels: {app: consumer}}
    spec:
      containers:
        - {name: agent, image: a:1, ports: [{name: metrics, containerPort: 9090}]}
        - {name: sidecar, image: s:1}
---
apiVersion: v1
kind: Service
metadata: {name: consumer-metrics, namespace: agents}
spec:
  selector: {app: consumer}
  ports: [{name: metrics, port: 9090, targetPort: metrics}, {name: other, port: 80, targetPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: consumer, namespace: elsewhere}
spec:
  selector: {app: consumer}
  ports: [{port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: peers, namespace: agents}
spec:
  clusterIP: None
  publishNotReadyAddresses: true
  selector: {app: consumer}
  ports: [{port: 7000, targetPort: 7000}]
---
apiVersion: batch/v1
kind: Job
metadata: {name: once}
spec:
  template:
    spec:
      containers: [{name: app, image: app:1, ports: [{name: http, containerPort: 8080}]}]
`},
		{Name: "manifest/suppressed", Manifest: `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    metadata:
      annotations:
        agentscale.dev/ignore: missing-readiness-probe
        agentscale.dev/ignore-reason: the gateway health-checks each pod itself
    spec:
      containers: [{name: app, image: app:1, ports: [{name: http, containerPort: 8080}]}]
`},
		{Name: "swarm/ports and peers", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: web
      image: a:1.0
      ports: [{name: http, port: 8080}]
    - name: mesh
      image: a:1.0
      peers: {port: 7000}
    - name: worker
      image: a:1.0
      metrics: {port: 9090}
    - name: gossip
      image: a:1.0
      metrics: {port: 9090}
      peers: {port: 9090, publishNotReadyAddresses: true}
`, Want: []string{
			`6:7: warning missing-readiness-probe: container "web" serves port http but has no readiness probe`,
			`9:7: warning missing-readiness-probe: container "mesh" serves port peers but has no readiness probe`,
			`15:7: warning missing-readiness-probe: container "gossip" serves port metrics but has no readiness probe`,
		}},
		{Name: "swarm/probe from defaults", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  defaults:
    probes:
      readiness: {httpGet: {path: /healthz, port: 8080}}
  roles:
    - {name: web, image: a:1.0, ports: [{name: http, port: 8080}]}
`},
		{Name: "swarm/suppressed", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: web
      image: a:1.0
      ports: [{name: http, port: 8080}]
      lint:
        ignore: [{rule: missing-readiness-probe, reason: the agent binds its port only once ready}]
`},
	})
}
