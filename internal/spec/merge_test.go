package spec

import (
	"fmt"
	"testing"
)

const mergeDoc = `apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: demo}
spec:
  defaults:
    image: ghcr.io/acme/agent:1.0.0
    env: [{name: LOG, value: info}, {name: MODE, value: base}]
    resources:
      requests: {cpu: 250m, memory: 512Mi}
      limits: {memory: 1Gi}
    metrics: {port: 9090}
  roles:
    - name: plain
    - name: custom
      image: ghcr.io/acme/custom:2.0.0
      env: [{name: MODE, value: custom}]
      resources:
        requests: {cpu: "1"}
  environments:
    prod:
      namespace: agents-prod
      defaults:
        resources: {limits: {memory: 2Gi}}
      roles:
        plain: {replicas: 3}
`

// TestDefaultsMerge pins the merge rules: mappings merge key by key, lists
// and scalars are replaced, a role's own value wins, and defaulted fields
// point at spec.defaults.
func TestDefaultsMerge(t *testing.T) {
	s, errs := Parse("swarm.yaml", []byte(mergeDoc), Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	plain, custom := &s.Spec.Roles[0], &s.Spec.Roles[1]
	checks := []struct{ name, got, want string }{
		{"scalar from defaults", plain.Image, "ghcr.io/acme/agent:1.0.0"},
		{"scalar: role wins", custom.Image, "ghcr.io/acme/custom:2.0.0"},
		{"list from defaults", envString(plain), "LOG=info,MODE=base"},
		{"list: role replaces, not appends", envString(custom), "MODE=custom"},
		{"mapping merges key by key: own key", custom.Resources.Requests.Cpu().String(), "1"},
		{"mapping merges key by key: inherited key", custom.Resources.Requests.Memory().String(), "512Mi"},
		{"nested mapping inherited whole", custom.Resources.Limits.Memory().String(), "1Gi"},
		{"implicit default: metrics path", plain.Metrics.Path, "/metrics"},
		{"implicit default: state", string(plain.State), "stateless"},
		{"defaulted field points at spec.defaults", s.Pos(RoleField(0, "image")).String(), "swarm.yaml:6:5"},
		{"defaulted value points at spec.defaults", s.ValuePos(RoleField(1, "resources.requests.memory")).String(), "swarm.yaml:9:37"},
		{"own field points at the role", s.Pos(RoleField(1, "image")).String(), "swarm.yaml:15:7"},
		{"absent field falls back to its role", s.Pos(RoleField(0, "disruption")).String(), "swarm.yaml:13:7"},
		{"no environment applied", s.Metadata.Namespace + s.Env, ""},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, c.got, c.want)
		}
	}
	if s.Has(RoleField(0, "replicas")) || plain.Replicas.Max != 1 || !plain.Replicas.Fixed {
		t.Errorf("replicas default: got %+v, set in file %v", plain.Replicas, s.Has(RoleField(0, "replicas")))
	}
}

func TestEnvironment(t *testing.T) {
	s, errs := Parse("swarm.yaml", []byte(mergeDoc), Options{Env: "prod"})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	plain, custom := &s.Spec.Roles[0], &s.Spec.Roles[1]
	checks := []struct{ name, got, want string }{
		{"env name kept", s.Env, "prod"},
		{"namespace", s.Metadata.Namespace, "agents-prod"},
		{"namespace points at the environment", s.Pos("metadata.namespace").String(), "swarm.yaml:21:7"},
		{"role override", plain.Replicas.String(), "3"},
		{"role override points at the environment", s.ValuePos(RoleField(0, "replicas")).String(), "swarm.yaml:25:27"},
		{"environment defaults merge into defaults", plain.Resources.Limits.Memory().String(), "2Gi"},
		{"and keep the rest of defaults", plain.Resources.Requests.Memory().String(), "512Mi"},
		{"a role's own value still wins over defaults", custom.Resources.Requests.Cpu().String(), "1"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, c.got, c.want)
		}
	}
	if _, errs := Parse("swarm.yaml", []byte(mergeDoc), Options{Env: "staging"}); errs.Error() != `swarm.yaml:19:3: environments: unknown environment "staging" (defined: prod)` {
		t.Errorf("unknown environment: %v", errs)
	}
}

// TestYAMLFeatures: anchors, aliases and merge keys work and keep positions.
func TestYAMLFeatures(t *testing.T) {
	doc := `apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: demo}
spec:
  roles:
    - &base
      name: a
      image: ghcr.io/acme/agent:1.0.0
      resources: &res {requests: {cpu: 100m, memory: 128Mi}}
    - <<: *base
      name: b
    - name: c
      image: ghcr.io/acme/agent:1.0.0
      resources: *res
    - <<: [*base]
      name: d
      image: ghcr.io/acme/other:1.0.0
`
	s, errs := Parse("swarm.yaml", []byte(doc), Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	r := s.Spec.Roles
	if r[1].Name != "b" || r[1].Image != "ghcr.io/acme/agent:1.0.0" || r[1].Resources.Requests.Cpu().String() != "100m" {
		t.Errorf("merge key: %+v", r[1])
	}
	if r[2].Resources.Requests.Memory().String() != "128Mi" {
		t.Errorf("alias: %+v", r[2].Resources)
	}
	if r[3].Image != "ghcr.io/acme/other:1.0.0" {
		t.Errorf("own key must win over a merge key: %q", r[3].Image)
	}
	if got := s.Pos(RoleField(1, "image")).String(); got != "swarm.yaml:8:7" {
		t.Errorf("merged field position %s, want the anchor's line 8", got)
	}
	if _, errs := Parse("swarm.yaml", []byte(doc+"    - <<: *base\n      name: e\n      name: f\n"), Options{}); errs.Error() != `swarm.yaml:20:7: duplicate key "name" (first set at line 19): to start another list item here, write "- name:"` {
		t.Errorf("duplicate key next to a merge key: %v", errs)
	}
}

func envString(r *Role) string {
	s := ""
	for i, e := range r.Env {
		if i > 0 {
			s += ","
		}
		s += e.Name + "=" + e.Value
	}
	return s
}

// TestProbePortDefault pins where a probe without a port points: the
// role's first serving port by name, else its metrics port; one given wins.
func TestProbePortDefault(t *testing.T) {
	doc := `apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: demo}
spec:
  defaults:
    image: x:1
    metrics: {port: 9090}
    probes:
      readiness: {httpGet: {path: /healthz}}
      liveness: {tcpSocket: {}}
      startup: {grpc: {}}
  roles:
    - name: web
      ports: [{name: http, port: 8080}, {name: admin, port: 8081}]
    - name: worker
    - name: own
      ports: [{name: http, port: 8080}]
      probes: {readiness: {httpGet: {path: /ready, port: 8081}}}
`
	s, errs := Parse("swarm.yaml", []byte(doc), Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	web, worker, own := s.Spec.Roles[0].Probes, s.Spec.Roles[1].Probes, s.Spec.Roles[2].Probes
	checks := []struct{ name, got, want string }{
		{"httpGet takes the serving port's name", web.Readiness.HTTPGet.Port.String(), "http"},
		{"tcpSocket too", web.Liveness.TCPSocket.Port.String(), "http"},
		{"grpc takes its number", fmt.Sprint(web.Startup.GRPC.Port), "8080"},
		{"no serving port: the metrics port", worker.Readiness.HTTPGet.Port.String(), "9090"},
		{"grpc: the metrics port", fmt.Sprint(worker.Startup.GRPC.Port), "9090"},
		{"a port given wins", own.Readiness.HTTPGet.Port.String(), "8081"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, c.got, c.want)
		}
	}
}

// TestMergeOneOf checks that a role setting one of a set of exclusive keys
// replaces the default's other one instead of merging both in.
func TestMergeOneOf(t *testing.T) {
	doc := `apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: demo}
spec:
  defaults:
    image: x:1
    probes: {readiness: {httpGet: {path: /healthz, port: 8080}, periodSeconds: 5}}
  roles:
    - name: grpc
      replicas: 3
      probes: {readiness: {grpc: {port: 7070}}}
      disruption: {maxUnavailable: 1}
    - name: web
      replicas: 3
      labels: {exec: a}
  environments:
    prod:
      roles:
        grpc: {disruption: {minAvailable: 2}}
`
	s, errs := Parse("swarm.yaml", []byte(doc), Options{Env: "prod"})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	g, w := s.Spec.Roles[0], s.Spec.Roles[1]
	if p := g.Probes.Readiness; p.HTTPGet != nil || p.GRPC == nil || p.PeriodSeconds != 5 {
		t.Errorf("grpc role's probe: %+v, want grpc only, periodSeconds from defaults", p)
	}
	if d := g.Disruption; d.MaxUnavailable != nil || d.MinAvailable == nil {
		t.Errorf("grpc role's disruption: %+v, want minAvailable only", d)
	}
	if p := w.Probes.Readiness; p.HTTPGet == nil || w.Labels["exec"] != "a" {
		t.Errorf("web role: probe %+v, labels %v: defaults lost", p, w.Labels)
	}
}
