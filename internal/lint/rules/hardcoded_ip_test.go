package rules

import (
	"testing"

	"github.com/agentscale/agentscale/internal/lint/linttest"
)

func TestHardcodedIP(t *testing.T) {
	linttest.Run(t, HardcodedIP, []linttest.Case{
		{Name: "manifest/fires in env, args and trigger metadata", Manifest: `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: agents}
spec:
  template:
    spec:
      containers:
        - name: app
          image: app:1
          env:
            - {name: REDIS_URL, value: "redis://10.0.12.7:6379/0"}
            - {name: LISTEN, value: "0.0.0.0:8080"}
          args: ["--peer=[fd00::5]:7000"]
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: web, namespace: agents}
spec:
  scaleTargetRef: {name: web}
  triggers:
    - type: kafka
      metadata:
        bootstrapServers: 172.20.3.4:9092
        topic: tasks
`, Want: []string{
			`11:33: warning hardcoded-ip: env REDIS_URL of container "app" holds the IP address 10.0.12.7`,
			`13:18: warning hardcoded-ip: args[0] of container "app" holds the IP address fd00::5`,
			`23:9: warning hardcoded-ip: metadata bootstrapServers of trigger 0 holds the IP address 172.20.3.4`,
		}},
		{Name: "manifest/fixed addresses, ranges and versions do not fire", Manifest: `
apiVersion: batch/v1
kind: Job
metadata: {name: once}
spec:
  template:
    spec:
      containers:
        - name: app
          image: app:1
          command: [sh, -c, "curl -s http://169.254.169.254/latest/meta-data/ && echo 127.0.0.1"]
          args: ["--version=v1.2.3.4", "--build=1.2.3.4.5", "--bind=[::]:80", "--host=10.0.0.5.nip.io", "--release=10.1.0.0"]
          env:
            - {name: NO_PROXY, value: "10.0.0.0/8,172.16.0.0/12,.svc"}
            - {name: IPV6_LOCAL, value: "::1"}
            - {name: MCAST, value: "239.1.1.1"}
            - {name: APP_VERSION, value: "10.2.0.1"}
            - {name: UPSTREAM_DNS, value: "10.96.0.10"}
            - {name: BUILD, value: "build 4.2.0.17"}
            - name: POD_IP
              valueFrom: {fieldRef: {fieldPath: status.podIP}}
`},
		{Name: "manifest/suppressed", Manifest: `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    agentscale.dev/ignore: hardcoded-ip
    agentscale.dev/ignore-reason: the legacy database has no DNS name
spec:
  template:
    spec:
      containers:
        - {name: app, image: app:1, env: [{name: DB_HOST, value: 10.1.2.3}]}
`},
		{Name: "swarm/fires at the value", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: worker
      image: worker:1.0
      args: [--upstream, "http://10.96.0.15:8080"]
      env:
        - {name: MODE, value: fast}
        - {name: DB_HOST, value: 192.168.1.20}
      replicas: {min: 1, max: 5}
      scaling:
        keda:
          triggers:
            - type: redis
              metadata: {address: "10.0.0.9:6379", listName: jobs}
`, Want: []string{
			`8:26: warning hardcoded-ip: args[1] of container "worker" holds the IP address 10.96.0.15`,
			`11:27: warning hardcoded-ip: env DB_HOST of container "worker" holds the IP address 192.168.1.20`,
			`17:26: warning hardcoded-ip: metadata address of trigger 0 holds the IP address 10.0.0.9`,
		}},
		{Name: "swarm/DNS names do not fire", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: worker
      image: worker:1.0
      env: [{name: DB_HOST, value: postgres.data.svc.cluster.local}]
      replicas: 1
`},
		{Name: "swarm/suppressed", Swarm: `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - name: worker
      image: worker:1.0
      env: [{name: DB_HOST, value: 10.1.2.3}]
      replicas: 1
      lint:
        ignore: [{rule: hardcoded-ip, reason: the legacy database has no DNS name}]
`},
	})
}

func TestFindIP(t *testing.T) {
	for in, want := range map[string]string{
		"10.0.0.1":                "10.0.0.1",
		"http://10.0.0.1/x":       "10.0.0.1",
		"host=10.0.0.1 port=5432": "10.0.0.1",
		"end of 8.8.8.8.":         "",
		"8.8.8.8":                 "8.8.8.8",
		"http://8.8.8.8/x":        "8.8.8.8",
		"u@8.8.8.8":               "8.8.8.8",
		"8.8.8.8:53":              "8.8.8.8",
		"version 1.2.3.4":         "",
		"100.64.1.2 x":            "100.64.1.2",
		"end of 10.1.1.1.":        "10.1.1.1",
		"fd00::1":                 "fd00::1",
		"2001:db8::1":             "2001:db8::1",
		"see cafe::1 here":        "",
		"x fd12::7 y":             "fd12::7",
		"::ffff:10.0.0.1":         "10.0.0.1",
		"10.0.0.0/8":              "",
		"256.1.1.1":               "",
		"12:30:00":                "",
		"deadbeef":                "",
		"v1.2.3.4":                "",
		"255.255.255.255":         "",
		"a.b.c.d":                 "",
		"[fe80::1]:80":            "",
		"1.2.3.4.5":               "",
	} {
		ip, ok := findIP(in)
		got := ""
		if ok {
			got = ip.String()
		}
		if got != want {
			t.Errorf("findIP(%q) = %q, want %q", in, got, want)
		}
	}
}
