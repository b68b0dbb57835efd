package e2e

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// fieldRuleSwarm is valid; each case of TestValidateRefusesWhatTheServerRefuses
// breaks one field of it.
const fieldRuleSwarm = `apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata:
  name: fields
  labels: {team: research}
spec:
  roles:
    - name: worker
      image: ghcr.io/acme/worker:1.0
      replicas: 1
      ports: [{name: http, port: 8080}]
      env: [{name: MODE, value: fast}]
      resources:
        requests: {cpu: 100m, memory: 128Mi}
        limits: {memory: 128Mi}
      probes:
        readiness: {httpGet: {path: /healthz, port: 8080}, periodSeconds: 5}
`

// TestValidateRefusesWhatTheServerRefuses holds validate's field rules to
// the API server's: for each mistake, validate exits 1 naming the field,
// and the server refuses the same value in the rendered Deployment
// (kubectl apply --dry-run=server). A rule validate has and the server
// lacks would refuse good swarms; one the server has and validate lacks
// would pass a hook and fail the deploy.
func TestValidateRefusesWhatTheServerRefuses(t *testing.T) {
	requireCLI(t)
	ns := "e2e-field-rules"
	createNamespace(t, ns)
	dir := t.TempDir()
	good := filepath.Join(dir, "swarm.yaml")
	if err := os.WriteFile(good, []byte(fieldRuleSwarm), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(nil, nil, env.repoRoot, env.agentscale, "render", good, "--namespace", ns)
	if r.err != nil {
		t.Fatalf("render of the valid swarm failed:\n%s", r)
	}
	objs, err := parseObjects([]byte(r.stdout))
	if err != nil {
		t.Fatal(err)
	}
	var deploy object
	for _, o := range objs {
		if o["kind"] == "Deployment" {
			deploy = o
		}
	}
	if deploy == nil {
		t.Fatalf("no Deployment rendered:\n%s", r.stdout)
	}
	serverAccepts := func(t *testing.T, o object) result {
		t.Helper()
		data, err := yaml.Marshal(o)
		if err != nil {
			t.Fatal(err)
		}
		return kubectl(data, "apply", "--dry-run=server", "-n", ns, "-f", "-")
	}
	if r := serverAccepts(t, deploy); r.err != nil {
		t.Fatalf("the server refuses the valid Deployment:\n%s", r)
	}

	container := func(o object) map[string]any {
		return asMap(asMap(asMap(asMap(o["spec"])["template"])["spec"])["containers"].([]any)[0])
	}
	for _, c := range []struct {
		name       string
		old, new   string // the edit of the swarm
		field      string // what validate names
		mutate     func(o object)
		bothAccept bool // a value both accept (validate and server agree the other way)
		// asPod checks the server with a Pod made from the template: the
		// rule is one for Pods only, so a bad Deployment is stored and its
		// ReplicaSet's Pods are refused (a rollout that never starts).
		asPod bool
	}{
		{name: "label key", old: "team: research", new: `"bad key!": research`, field: `metadata.labels`,
			mutate: func(o object) { asMap(asMap(o["metadata"])["labels"])["bad key!"] = "research" }},
		{name: "label value", old: "team: research", new: `team: "v v"`, field: "metadata.labels",
			mutate: func(o object) { asMap(asMap(o["metadata"])["labels"])["team"] = "v v" }},
		{name: "env name with =", old: "name: MODE", new: `name: "MY=MODE"`, field: "roles[0].env[0].name",
			mutate: func(o object) { asMap(container(o)["env"].([]any)[0])["name"] = "MY=MODE" }},
		// Since 1.34 the server takes any printable name but "=" (lint's
		// env-name-not-portable warns of those a shell cannot read).
		{name: "env name with a space", old: "name: MODE", new: `name: "MY MODE"`, bothAccept: true,
			mutate: func(o object) { asMap(container(o)["env"].([]any)[0])["name"] = "MY MODE" }},
		{name: "env name starting with a digit", old: "name: MODE", new: "name: 1BAD", bothAccept: true,
			mutate: func(o object) { asMap(container(o)["env"].([]any)[0])["name"] = "1BAD" }},
		{name: "probe port", old: "port: 8080}, periodSeconds", new: "port: 99999}, periodSeconds", field: "roles[0].probes.readiness.httpGet.port",
			mutate: func(o object) {
				asMap(asMap(container(o)["readinessProbe"])["httpGet"])["port"] = 99999
			}},
		{name: "negative period", old: "periodSeconds: 5", new: "periodSeconds: -5", field: "roles[0].probes.readiness.periodSeconds",
			mutate: func(o object) { asMap(container(o)["readinessProbe"])["periodSeconds"] = -5 }},
		{name: "image with a newline", old: "image: ghcr.io/acme/worker:1.0", new: `image: "ghcr.io/acme/worker:1.0\n"`, field: "roles[0].image", asPod: true,
			mutate: func(o object) { container(o)["image"] = "ghcr.io/acme/worker:1.0\n" }},
		{name: "resource name", old: "requests: {cpu: 100m, memory: 128Mi}", new: "requests: {cpu: 100m, memory: 128Mi, memroy: 1Gi}", field: "roles[0].resources.requests",
			mutate: func(o object) { asMap(asMap(container(o)["resources"])["requests"])["memroy"] = "1Gi" }},
		{name: "fractional GPU", old: "limits: {memory: 128Mi}", new: "limits: {memory: 128Mi, nvidia.com/gpu: 500m}", field: "roles[0].resources.limits",
			mutate: func(o object) { asMap(asMap(container(o)["resources"])["limits"])["nvidia.com/gpu"] = "500m" }},
	} {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(fieldRuleSwarm, c.old) {
				t.Fatalf("the swarm has no %q", c.old)
			}
			bad := filepath.Join(t.TempDir(), "swarm.yaml")
			if err := os.WriteFile(bad, []byte(strings.Replace(fieldRuleSwarm, c.old, c.new, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			v := run(nil, nil, env.repoRoot, env.agentscale, "validate", bad)
			o := deepCopy(t, deploy)
			c.mutate(o)
			if c.asPod {
				tmpl := asMap(asMap(o["spec"])["template"])
				meta := asMap(tmpl["metadata"])
				meta["name"] = "fields-pod"
				o = object{"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": tmpl["spec"]}
			}
			s := serverAccepts(t, o)
			if c.bothAccept {
				if v.err != nil || s.err != nil {
					t.Errorf("validate and the server should both accept it:\n%s\n%s", v, s)
				}
				return
			}
			if code := exitCode(v); code != 1 || !strings.Contains(v.stderr, c.field) {
				t.Errorf("validate should exit 1 naming %s:\n%s", c.field, v)
			}
			if s.err == nil {
				t.Errorf("the server accepts what validate refuses:\n%s", s)
			} else {
				t.Logf("validate: %s\nserver:   %s", strings.TrimSpace(v.stderr), strings.TrimSpace(s.stderr))
			}
		})
	}
}

// exitCode is the process's exit status, 0 when it succeeded.
func exitCode(r result) int {
	var ee *exec.ExitError
	if errors.As(r.err, &ee) {
		return ee.ExitCode()
	}
	if r.err != nil {
		return -1
	}
	return 0
}

func deepCopy(t *testing.T, o object) object {
	data, err := yaml.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	var c object
	if err := yaml.Unmarshal(data, &c); err != nil {
		t.Fatal(err)
	}
	return c
}
