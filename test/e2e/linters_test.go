package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// TestLinters holds the renderer to what docs/render.md ("Checks on the
// output") promises: every swarm input (examples and golden features), as
// rendered and per environment, passes kube-linter's default checks with no
// finding, and kube-score's with no CRITICAL other than the accepted ones
// (acceptedCriticals, and a missing PodDisruptionBudget for a role with
// `disruption: false`).
func TestLinters(t *testing.T) {
	requireCLI(t)
	kubeLinter, kubeScore := requireLinters(t)
	for _, in := range swarmInputs(t) {
		t.Run(in.name, func(t *testing.T) {
			t.Parallel()
			t.Run("render", func(t *testing.T) { checkWithLinters(t, in, nil, kubeLinter, kubeScore) })
			for _, e := range in.envs {
				t.Run("env-"+e, func(t *testing.T) {
					checkWithLinters(t, in, []string{"--env", e}, kubeLinter, kubeScore)
				})
			}
		})
	}
}

// checkWithLinters renders in (with extra render args) and runs both linters
// on the output.
func checkWithLinters(t *testing.T, in swarmInput, args []string, kubeLinter, kubeScore string) {
	r := run(nil, nil, env.repoRoot, env.agentscale, append([]string{"render", in.path}, args...)...)
	if r.err != nil {
		t.Fatalf("render failed:\n%s", r)
	}
	objs, err := parseObjects([]byte(r.stdout))
	if err != nil || len(objs) == 0 {
		t.Fatalf("render printed no objects (%v):\n%s", err, r)
	}
	// Both tools honour annotations that switch their checks off; the
	// output must not carry any, or a clean report would mean nothing.
	for _, a := range []string{"ignore-check.kube-linter.io/", "kube-linter.io/ignore-all", "kube-score/"} {
		if strings.Contains(r.stdout, a) {
			t.Errorf("rendered output carries a %q annotation, which silences a linter", a)
		}
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "rendered.yaml")
	if err := os.WriteFile(file, []byte(r.stdout+scaledJobJobs(t, objs)), 0o644); err != nil {
		t.Fatal(err)
	}

	findings, err := kubeLinterFindings(dir, kubeLinter, file)
	if err != nil {
		t.Fatal(err)
	}
	if len(findings) > 0 {
		t.Errorf("kube-linter %s (default checks) reports %d finding(s); docs/render.md promises none:\n  %s",
			kubeLinterVersion, len(findings), strings.Join(findings, "\n  "))
	}

	noPDB := rolesWithoutPDB(t, in.path, args)
	criticals, scored, err := kubeScoreCriticals(dir, kubeScore, file)
	if err != nil {
		t.Fatal(err)
	}
	if scored == 0 {
		t.Fatalf("kube-score scored no object in the rendered output")
	}
	var bad []string
	for _, c := range criticals {
		if !acceptedCritical(c, noPDB) {
			bad = append(bad, c.String())
		}
	}
	if len(bad) > 0 {
		t.Errorf("kube-score %s reports %d CRITICAL(s) that docs/render.md does not accept:\n  %s",
			kubeScoreVersion, len(bad), strings.Join(bad, "\n  "))
	}
}

// scaledJobJobs returns, as YAML documents to append to the manifest, the
// Job each ScaledJob makes KEDA create (its spec is the ScaledJob's
// jobTargetRef). Neither linter knows the ScaledJob CRD, so without these
// the pods of a job role would never be checked.
func scaledJobJobs(t *testing.T, objs []object) string {
	t.Helper()
	var b strings.Builder
	for _, o := range objs {
		if o.kind() != "ScaledJob" || o.group() != "keda.sh" {
			continue
		}
		spec, ok := o.get("spec", "jobTargetRef").(map[string]any)
		if !ok {
			t.Fatalf("ScaledJob %s has no spec.jobTargetRef", o.name())
		}
		annotations := map[string]any{}
		for k, v := range asMap(o.get("metadata", "annotations")) {
			annotations[k] = v
		}
		// KEDA deletes a ScaledJob's finished Jobs itself (successful- and
		// failedJobsHistoryLimit), as a CronJob does; kube-linter only asks
		// a standalone Job for ttlSecondsAfterFinished (and a CronJob's not
		// to set it), but cannot tell these Jobs are not standalone.
		annotations["ignore-check.kube-linter.io/job-ttl-seconds-after-finished"] = "managed by a KEDA ScaledJob"
		job := map[string]any{
			"apiVersion": "batch/v1", "kind": "Job",
			"metadata": map[string]any{
				"name": o.name(), "namespace": o.namespace(),
				"labels": o.get("metadata", "labels"), "annotations": annotations,
			},
			"spec": spec,
		}
		data, err := yaml.Marshal(job)
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString("---\n# the Job KEDA creates from ScaledJob " + o.name() + "\n")
		b.Write(data)
	}
	return b.String()
}

// rolesWithoutPDB returns the roles whose swarm file says `disruption:
// false`, in the base spec or, when rendering with --env, in that
// environment's role overrides.
func rolesWithoutPDB(t *testing.T, path string, args []string) map[string]bool {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Spec struct {
			Roles []struct {
				Name       string `json:"name"`
				Disruption any    `json:"disruption"`
			} `json:"roles"`
			Environments map[string]struct {
				Roles map[string]map[string]any `json:"roles"`
			} `json:"environments"`
		} `json:"spec"`
	}
	first, _, _ := strings.Cut(string(data), "\n---")
	if err := yaml.Unmarshal([]byte(first), &doc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	noPDB := map[string]bool{}
	for _, r := range doc.Spec.Roles {
		if r.Disruption == false {
			noPDB[r.Name] = true
		}
	}
	if len(args) == 2 && args[0] == "--env" {
		for role, o := range doc.Spec.Environments[args[1]].Roles {
			if d, ok := o["disruption"]; ok {
				noPDB[role] = d == false
			}
		}
	}
	return noPDB
}

// badManifest breaks rules both linters check by default: a :latest image,
// no resources, no security context, no PodDisruptionBudget.
const badManifest = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: bad
  namespace: agents
  annotations: {agentscale.dev/role: bad}
spec:
  replicas: 2
  selector:
    matchLabels: {app: bad}
  template:
    metadata:
      labels: {app: bad}
    spec:
      containers:
      - name: app
        image: registry.example/bad:latest
`

// TestLintersRejectBrokenInput proves that TestLinters can fail: each tool
// reports the broken manifest, and the accepted-CRITICAL policy lets none of
// its other CRITICALs through, nor a missing PDB the swarm did not ask for.
func TestLintersRejectBrokenInput(t *testing.T) {
	kubeLinter, kubeScore := requireLinters(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(file, []byte(badManifest), 0o644); err != nil {
		t.Fatal(err)
	}

	findings, err := kubeLinterFindings(dir, kubeLinter, file)
	if err != nil {
		t.Fatal(err)
	}
	for _, check := range []string{"latest-tag", "unset-cpu-requirements", "unset-memory-requirements", "run-as-non-root"} {
		if !containsSubstring(findings, ": "+check+": ") {
			t.Errorf("kube-linter does not report %s on the broken manifest; findings:\n  %s", check, strings.Join(findings, "\n  "))
		}
	}

	// A ScaledJob's pods are checked through the Job KEDA would create.
	objs, err := parseObjects([]byte(badManifest))
	if err != nil {
		t.Fatal(err)
	}
	scaledJob := object{"apiVersion": "keda.sh/v1alpha1", "kind": "ScaledJob",
		"metadata": map[string]any{"name": "bad-job", "namespace": "agents"},
		"spec":     map[string]any{"jobTargetRef": map[string]any{"template": objs[0].get("spec", "template")}}}
	jobFile := filepath.Join(dir, "job.yaml")
	if err := os.WriteFile(jobFile, []byte(scaledJobJobs(t, []object{scaledJob})), 0o644); err != nil {
		t.Fatal(err)
	}
	jobFindings, err := kubeLinterFindings(dir, kubeLinter, jobFile)
	if err != nil {
		t.Fatal(err)
	}
	if !containsSubstring(jobFindings, "Job agents/bad-job: latest-tag: ") {
		t.Errorf("kube-linter does not report the ScaledJob's pod template; findings:\n  %s", strings.Join(jobFindings, "\n  "))
	}
	if containsSubstring(jobFindings, ": job-ttl-seconds-after-finished: ") {
		t.Errorf("kube-linter asks a KEDA-managed Job for ttlSecondsAfterFinished:\n  %s", strings.Join(jobFindings, "\n  "))
	}

	criticals, scored, err := kubeScoreCriticals(dir, kubeScore, file)
	if err != nil {
		t.Fatal(err)
	}
	if scored != 1 {
		t.Errorf("kube-score scored %d objects, want 1", scored)
	}
	rejected := map[string]bool{}
	for _, c := range criticals {
		if !acceptedCritical(c, map[string]bool{"other": true}) {
			rejected[c.checkName] = true
		}
		// The same CRITICAL is accepted once the swarm asks for no PDB.
		if c.checkName == "Deployment has PodDisruptionBudget" && !acceptedCritical(c, map[string]bool{"bad": true}) {
			t.Errorf("a missing PDB is not accepted for a role with disruption: false: %s", c)
		}
	}
	// Container Resources also reports the memory limit and the requests, so
	// the CPU-limit exception must not cover it here.
	for _, check := range []string{"Container Image Tag", "Container Resources", "Container Security Context User Group ID", "Deployment has PodDisruptionBudget"} {
		if !rejected[check] {
			t.Errorf("kube-score's %q CRITICAL is not rejected on the broken manifest; CRITICALs:\n  %v", check, criticals)
		}
	}
	if rejected["Pod NetworkPolicy"] || rejected["Container Image Pull Policy"] {
		t.Errorf("an accepted CRITICAL was rejected: %v", rejected)
	}
}

func containsSubstring(list []string, sub string) bool {
	for _, s := range list {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// TestLintersAcceptedCriticals pins the accepted-CRITICAL policy: exact
// check names and IDs, and only the CPU-limit part of Container Resources.
func TestLintersAcceptedCriticals(t *testing.T) {
	cpu := scoreComment{"worker", "CPU limit is not set"}
	mem := scoreComment{"worker", "Memory limit is not set"}
	crit := func(name, id, role string, cs ...scoreComment) scoreCritical {
		return scoreCritical{object: "Deployment agents/x", role: role, checkName: name, checkID: id, comments: cs}
	}
	noPDB := map[string]bool{"batch": true}
	for _, tc := range []struct {
		name string
		c    scoreCritical
		want bool
	}{
		{"cpu limit only", crit("Container Resources", "container-resources", "", cpu), true},
		{"cpu limit of two containers", crit("Container Resources", "container-resources", "", cpu, scoreComment{"sidecar", cpu.summary}), true},
		{"memory limit too", crit("Container Resources", "container-resources", "", cpu, mem), false},
		{"memory limit only", crit("Container Resources", "container-resources", "", mem), false},
		{"no comment", crit("Container Resources", "container-resources", ""), false},
		{"no ephemeral storage", crit("Container Ephemeral Storage Request and Limit", "container-ephemeral-storage-request-and-limit", "",
			scoreComment{"worker", "Ephemeral Storage limit is not set"}, scoreComment{"worker", "Ephemeral Storage request is not set"}), true},
		{"ephemeral storage, other reason", crit("Container Ephemeral Storage Request and Limit", "container-ephemeral-storage-request-and-limit", "",
			scoreComment{"worker", "something else"}), false},
		{"pull policy", crit("Container Image Pull Policy", "container-image-pull-policy", "", scoreComment{"worker", "ImagePullPolicy is not set to Always"}), true},
		{"pull policy, other reason", crit("Container Image Pull Policy", "container-image-pull-policy", "", scoreComment{"worker", "something else"}), false},
		{"network policy", crit("Pod NetworkPolicy", "pod-networkpolicy", "", scoreComment{"", "The pod does not have a matching NetworkPolicy"}), true},
		{"name without id", crit("Pod NetworkPolicy", "pod-networkpolicy-v2", ""), false},
		{"similar name", crit("Pod NetworkPolicy Egress", "pod-networkpolicy", ""), false},
		{"pdb, disruption false", crit("Deployment has PodDisruptionBudget", "deployment-has-poddisruptionbudget", "batch"), true},
		{"pdb, statefulset, disruption false", crit("StatefulSet has PodDisruptionBudget", "statefulset-has-poddisruptionbudget", "batch"), true},
		{"pdb, other role", crit("Deployment has PodDisruptionBudget", "deployment-has-poddisruptionbudget", "chat"), false},
		{"pdb, no role", crit("Deployment has PodDisruptionBudget", "deployment-has-poddisruptionbudget", ""), false},
		{"image tag", crit("Container Image Tag", "container-image-tag", "batch", scoreComment{"worker", "Image with latest tag"}), false},
	} {
		if got := acceptedCritical(tc.c, noPDB); got != tc.want {
			t.Errorf("%s: acceptedCritical(%s) = %v, want %v", tc.name, tc.c, got, tc.want)
		}
	}
}
