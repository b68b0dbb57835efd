package e2e

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// applySetApply is the CI command docs/delivery.md gives: kubectl's
// ApplySet prune, server-side, with the swarm's objects on stdin.
func applySetApply(t *testing.T, manifest []byte, ns, applyset string) string {
	t.Helper()
	r := run(manifest, append(kubectlEnv(), "KUBECTL_APPLYSET=true"), env.tmp, env.kubectl,
		"apply", "--prune", "--applyset="+applyset, "--server-side", "-n", ns, "-f", "-")
	if r.err != nil {
		t.Fatalf("applyset apply failed:\n%s", r)
	}
	return r.stdout
}

// TestApplySetPrune proves the delivery story for a removed role: render,
// then KUBECTL_APPLYSET=true kubectl apply --prune --applyset=NAME
// --server-side -n NS -f -. Removing a role (and then the headroom, whose
// PriorityClass is cluster-scoped) and re-applying deletes exactly their
// objects; the rest of the swarm is not recreated, and objects the
// ApplySet does not own, in the namespace or the cluster, are left alone.
func TestApplySetPrune(t *testing.T) {
	requireCLI(t)
	src, err := os.ReadFile(filepath.Join(env.repoRoot, "examples", "headroom-node-pools.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var full map[string]any
	if err := yaml.Unmarshal(src, &full); err != nil {
		t.Fatal(err)
	}
	spec := full["spec"].(map[string]any)
	dir := t.TempDir()
	write := func(name string, doc map[string]any) string {
		b, err := yaml.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	v1 := write("v1.yaml", full)
	// v2: the vision role removed.
	var roles []any
	for _, r := range spec["roles"].([]any) {
		if r.(map[string]any)["name"] != "vision" {
			roles = append(roles, r)
		}
	}
	spec["roles"] = roles
	v2 := write("v2.yaml", full)
	// v3: no headroom either, so its cluster-scoped PriorityClass goes.
	delete(spec, "headroom")
	v3 := write("v3.yaml", full)

	ns := "e2e-applyset"
	applyset := "fleet-applyset"
	m1, o1 := render(t, swarmInput{path: v1}, ns)
	m2, o2 := render(t, swarmInput{path: v2}, ns)
	m3, o3 := render(t, swarmInput{path: v3}, ns)
	createNamespace(t, ns)
	lockClusterScoped(t, o1)

	// Objects the ApplySet does not own: one in its namespace, one
	// cluster-scoped, applied by another field manager.
	bystanders := "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bystander, namespace: " + ns + "}\ndata: {owner: someone-else}\n" +
		// A member of another ApplySet, in the same namespace and of a kind the swarm's set lists.
		"---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: other-set, namespace: " + ns + ", labels: {applyset.kubernetes.io/part-of: applyset-0000000000000000000000000000000000000000000-v1}}\n" +
		"---\napiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: e2e-applyset-bystander}\nvalue: 10\n"
	mustKubectl(t, []byte(bystanders), "apply", "--server-side", "--field-manager=someone-else", "-f", "-")
	t.Cleanup(func() { kubectl(nil, "delete", "--ignore-not-found", "priorityclass/e2e-applyset-bystander") })

	applySetApply(t, m1, ns, applyset)
	uids := map[string]string{}
	for _, o := range o1 {
		live := getObject(t, o)
		if live == nil {
			t.Fatalf("%s: not on the server after the first apply", o.ref())
		}
		if live.strMap("metadata", "labels")["applyset.kubernetes.io/part-of"] == "" {
			t.Errorf("%s: kubectl did not label it as part of the ApplySet", o.ref())
		}
		uids[o.ref()] = live.str("metadata", "uid")
	}
	parent := mustKubectl(t, nil, "get", "secret", applyset, "-n", ns, "-o", "jsonpath={.metadata.annotations.applyset\\.kubernetes\\.io/contains-group-kinds}")
	if !strings.Contains(parent, "PriorityClass.scheduling.k8s.io") {
		t.Errorf("the ApplySet parent does not list the cluster-scoped PriorityClass: %q", parent)
	}

	// Re-applying the same objects prunes nothing.
	if out := applySetApply(t, m1, ns, applyset); strings.Contains(out, "pruned") {
		t.Errorf("re-applying the same swarm pruned objects:\n%s", out)
	}

	step := func(name string, manifest []byte, before, after []object) {
		t.Run(name, func(t *testing.T) {
			out := applySetApply(t, manifest, ns, applyset)
			var gone []string
			for _, o := range before {
				if !slices.ContainsFunc(after, func(a object) bool { return a.ref() == o.ref() }) {
					gone = append(gone, o.ref())
				}
			}
			if len(gone) == 0 {
				t.Fatal("the step removes nothing: the test would prove nothing")
			}
			for _, o := range before {
				live := getObject(t, o)
				switch {
				case slices.Contains(gone, o.ref()) && live != nil:
					t.Errorf("%s: still there after its role was removed and the swarm re-applied", o.ref())
				case !slices.Contains(gone, o.ref()) && live == nil:
					t.Errorf("%s: pruned, but the swarm still renders it", o.ref())
				case live != nil && live.str("metadata", "uid") != uids[o.ref()]:
					t.Errorf("%s: recreated (uid changed)", o.ref())
				}
			}
			if n := strings.Count(out, " pruned"); n != len(gone) {
				t.Errorf("kubectl reported %d pruned objects, want %d (%s):\n%s", n, len(gone), strings.Join(gone, ", "), out)
			}
			for _, b := range []string{"configmap/bystander", "serviceaccount/other-set", "priorityclass/e2e-applyset-bystander"} {
				if r := kubectl(nil, "get", "-n", ns, b); r.err != nil {
					t.Errorf("%s, not part of the ApplySet, was deleted:\n%s", b, r)
				}
			}
		})
	}
	step("remove a role", m2, o1, o2)
	step("remove the headroom", m3, o2, o3)
}

// getObject reads o back from the server, or nil when it does not exist.
func getObject(t *testing.T, o object) object {
	t.Helper()
	args := []string{"get", o.kubectlName(), "-o", "json", "--ignore-not-found"}
	if ns := o.namespace(); ns != "" {
		args = append(args, "-n", ns)
	}
	out := mustKubectl(t, nil, args...)
	if strings.TrimSpace(out) == "" {
		return nil
	}
	objs, err := parseObjects([]byte(out))
	if err != nil || len(objs) != 1 {
		t.Fatalf("kubectl get %s: %v\n%s", o.kubectlName(), err, out)
	}
	return objs[0]
}

// TestApplySetCreateNamespace checks what docs/delivery.md says of a swarm
// with spec.createNamespace: kubectl keeps the ApplySet's parent Secret in
// the namespace, so the very first apply fails until the namespace exists;
// created beforehand (kubectl create namespace), the rendered Namespace
// joins the ApplySet like any object and re-applying prunes nothing.
func TestApplySetCreateNamespace(t *testing.T) {
	requireCLI(t)
	ns := "e2e-applyset-create-ns"
	manifest, objs := render(t, swarmInput{path: filepath.Join(env.repoRoot, "testdata", "golden", "namespace-create.yaml")}, ns)
	if !slices.ContainsFunc(objs, func(o object) bool { return o.kind() == "Namespace" && o.name() == ns }) {
		t.Fatalf("the swarm renders no Namespace %s: the test would prove nothing", ns)
	}
	lockClusterScoped(t, objs)
	r := run(manifest, append(kubectlEnv(), "KUBECTL_APPLYSET=true"), env.tmp, env.kubectl,
		"apply", "--prune", "--applyset=swarm-applyset", "--server-side", "-n", ns, "-f", "-")
	if r.err == nil || !strings.Contains(r.stderr, "not found") {
		t.Errorf("the first ApplySet apply into a missing namespace should fail on the parent Secret (docs/delivery.md says so):\n%s", r)
	}
	mustKubectl(t, nil, "create", "namespace", ns)
	applySetApply(t, manifest, ns, "swarm-applyset")
	if out := applySetApply(t, manifest, ns, "swarm-applyset"); strings.Contains(out, "pruned") {
		t.Errorf("re-applying pruned objects:\n%s", out)
	}
	for _, o := range objs {
		if l := getObject(t, o); l == nil || l.strMap("metadata", "labels")["applyset.kubernetes.io/part-of"] == "" {
			t.Errorf("%s: missing, or not part of the ApplySet", o.ref())
		}
	}
}
