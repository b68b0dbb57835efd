package livediff

import (
	"context"
	"errors"
	"strings"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/yaml"
)

// fakeCluster stores objects by key; its dry run adds what a server adds
// (defaults, uid, managedFields, status), so Normalize has work to do.
type fakeCluster struct {
	live    map[string]*unstructured.Unstructured
	members []*unstructured.Unstructured
	refuse  string // name of an object the dry run refuses
	down    bool   // no answer at all
}

func (f *fakeCluster) Namespaced(_ context.Context, gvk schema.GroupVersionKind) (bool, error) {
	return gvk.Kind != "PriorityClass", nil
}

func (f *fakeCluster) Get(_ context.Context, u *unstructured.Unstructured) (*unstructured.Unstructured, error) {
	return f.live[key(u)], nil
}

func (f *fakeCluster) DryRunApply(_ context.Context, u *unstructured.Unstructured) (*unstructured.Unstructured, error) {
	if f.down {
		return nil, errors.New("dial tcp 127.0.0.1:1: connect: connection refused")
	}
	if u.GetName() == f.refuse {
		return nil, apierrors.NewBadRequest(`admission webhook "policy" denied the request`)
	}
	return serverSide(u, "2"), nil
}

func (f *fakeCluster) ApplySetMembers(_ context.Context, name, ns string) (string, []*unstructured.Unstructured, []string, error) {
	if name != "swarm-applyset" || ns != "agents" || f.members == nil {
		return "", nil, nil, nil
	}
	return "applyset-x-v1", f.members, nil, nil
}

// member is s labelled as a member of the fake ApplySet.
func member(s *unstructured.Unstructured) *unstructured.Unstructured {
	s = s.DeepCopy()
	l := s.GetLabels()
	if l == nil {
		l = map[string]string{}
	}
	l[ApplySetPartOf] = "applyset-x-v1"
	s.SetLabels(l)
	return s
}

// serverSide is u as a server stores it, at resourceVersion rv.
func serverSide(u *unstructured.Unstructured, rv string) *unstructured.Unstructured {
	s := u.DeepCopy()
	s.SetUID("1234")
	s.SetResourceVersion(rv)
	s.SetGeneration(3)
	s.SetManagedFields(nil)
	_ = unstructured.SetNestedField(s.Object, []any{map[string]any{"manager": "kubectl", "operation": "Apply"}}, "metadata", "managedFields")
	if s.GetKind() == "Deployment" {
		_ = unstructured.SetNestedField(s.Object, int64(10), "spec", "revisionHistoryLimit")
		_ = unstructured.SetNestedField(s.Object, map[string]any{"replicas": int64(2)}, "status")
	}
	return s
}

func obj(t *testing.T, y string) *unstructured.Unstructured {
	t.Helper()
	var m map[string]any
	if err := yaml.Unmarshal([]byte(y), &m); err != nil {
		t.Fatal(err)
	}
	return &unstructured.Unstructured{Object: m}
}

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: worker, namespace: agents}
spec:
  template:
    spec:
      containers: [{name: worker, image: "acme/worker:1.0"}]
`

const hpa = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: worker, namespace: agents}
spec:
  maxReplicas: 10
  metrics: [{type: External, external: {metric: {name: backlog}, target: {type: AverageValue, averageValue: "10"}}}]
`

// runChanges is Run's changes.
func runChanges(ctx context.Context, c Cluster, objs []*unstructured.Unstructured, opts Options) ([]Change, error) {
	r, err := Run(ctx, c, objs, opts)
	return r.Changes, err
}

func TestRun(t *testing.T) {
	ctx := context.Background()
	d, h := obj(t, deployment), obj(t, hpa)
	hpaLive := serverSide(h, "7")
	hpaLive.SetAnnotations(map[string]string{"kubectl.kubernetes.io/last-applied-configuration": "{}"})
	h20 := obj(t, strings.Replace(hpa, `"10"`, `"20"`, 1))
	stale := obj(t, "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: old-role, namespace: agents}\n")
	stalePC := obj(t, "apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: old-headroom}\nvalue: -5\n")

	t.Run("new objects are shown as rendered", func(t *testing.T) {
		changes, err := runChanges(ctx, &fakeCluster{}, []*unstructured.Unstructured{d}, Options{Namespace: "agents"})
		if err != nil || len(changes) != 1 || changes[0].Action != Create {
			t.Fatalf("%v %+v", err, changes)
		}
		diff := changes[0].Diff
		for _, want := range []string{"--- /dev/null\n", "+++ applied/apps/v1/Deployment/agents/worker\n", "+  name: worker\n"} {
			if !strings.Contains(diff, want) {
				t.Errorf("diff lacks %q:\n%s", want, diff)
			}
		}
		for _, noise := range []string{"revisionHistoryLimit", "uid", "managedFields"} {
			if strings.Contains(diff, noise) {
				t.Errorf("a new object's diff shows the server's %s:\n%s", noise, diff)
			}
		}
	})

	t.Run("only the server's own fields differ: unchanged", func(t *testing.T) {
		c := &fakeCluster{live: map[string]*unstructured.Unstructured{key(d): serverSide(d, "5"), key(h): hpaLive}}
		changes, err := runChanges(ctx, c, []*unstructured.Unstructured{d, h}, Options{Namespace: "agents"})
		if err != nil {
			t.Fatal(err)
		}
		for _, ch := range changes {
			if ch.Action != Unchanged || ch.Diff != "" {
				t.Errorf("%s: %s\n%s", ch.Ref(), ch.Action, ch.Diff)
			}
		}
	})

	t.Run("a changed threshold is the one line that changes", func(t *testing.T) {
		c := &fakeCluster{live: map[string]*unstructured.Unstructured{key(h): hpaLive}}
		changes, err := runChanges(ctx, c, []*unstructured.Unstructured{h20}, Options{Namespace: "agents"})
		if err != nil || len(changes) != 1 || changes[0].Action != Update {
			t.Fatalf("%v %+v", err, changes)
		}
		var minus, plus []string
		for _, l := range strings.Split(changes[0].Diff, "\n") {
			switch {
			case strings.HasPrefix(l, "---"), strings.HasPrefix(l, "+++"):
			case strings.HasPrefix(l, "-"):
				minus = append(minus, l)
			case strings.HasPrefix(l, "+"):
				plus = append(plus, l)
			}
		}
		if len(minus) != 1 || len(plus) != 1 || !strings.Contains(minus[0], `averageValue: "10"`) || !strings.Contains(plus[0], `averageValue: "20"`) {
			t.Errorf("want exactly the threshold changed:\n%s", changes[0].Diff)
		}
		if !strings.HasPrefix(changes[0].Diff, "--- live/autoscaling/v2/HorizontalPodAutoscaler/agents/worker\n+++ applied/autoscaling/v2/HorizontalPodAutoscaler/agents/worker\n") {
			t.Errorf("headers:\n%s", changes[0].Diff)
		}
	})

	t.Run("ApplySet members the render dropped are deleted, sorted", func(t *testing.T) {
		live := member(serverSide(d, "5"))
		c := &fakeCluster{
			live:    map[string]*unstructured.Unstructured{key(d): live},
			members: []*unstructured.Unstructured{member(serverSide(stalePC, "9")), live, member(serverSide(stale, "8"))},
		}
		changes, err := runChanges(ctx, c, []*unstructured.Unstructured{d}, Options{Namespace: "agents", ApplySet: "swarm-applyset", Prune: true})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, ch := range changes {
			got = append(got, string(ch.Action)+" "+ch.Ref())
		}
		want := []string{"unchanged agents/deployment.apps/worker", "delete agents/serviceaccount/old-role", "delete priorityclass.scheduling.k8s.io/old-headroom"}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if del := changes[1].Diff; !strings.Contains(del, "+++ /dev/null\n") || !strings.Contains(del, "-  name: old-role\n") || strings.Contains(del, "uid") {
			t.Errorf("a pruned object's diff:\n%s", del)
		}
		// Without pruning nothing is listed for deletion, and the objects
		// keep the ApplySet's label: nothing changes.
		changes, _ = runChanges(ctx, c, []*unstructured.Unstructured{d}, Options{Namespace: "agents", ApplySet: "swarm-applyset"})
		if len(changes) != 1 || changes[0].Action != Unchanged {
			t.Errorf("--prune=false: %+v", changes)
		}
		// Without an ApplySet name nothing is listed for deletion, and the
		// objects are applied without its label: the label shows removed.
		changes, _ = runChanges(ctx, c, []*unstructured.Unstructured{d}, Options{Namespace: "agents"})
		if len(changes) != 1 || changes[0].Action != Update || !strings.Contains(changes[0].Diff, "-    "+ApplySetPartOf+": applyset-x-v1\n") {
			t.Errorf("no ApplySet: %+v", changes)
		}
	})

	t.Run("no ApplySet parent yet: nothing labelled, nothing pruned", func(t *testing.T) {
		c := &fakeCluster{live: map[string]*unstructured.Unstructured{key(d): serverSide(d, "5")}}
		changes, err := runChanges(ctx, c, []*unstructured.Unstructured{d}, Options{Namespace: "agents", ApplySet: "swarm-applyset"})
		if err != nil || len(changes) != 1 || changes[0].Action != Unchanged {
			t.Errorf("%v %+v", err, changes)
		}
	})

	t.Run("a refused object does not hide the others", func(t *testing.T) {
		other := obj(t, strings.Replace(deployment, "name: worker", "name: other", 1))
		changes, err := runChanges(ctx, &fakeCluster{refuse: "worker"}, []*unstructured.Unstructured{d, other}, Options{Namespace: "agents"})
		if err == nil || !strings.Contains(err.Error(), "agents/deployment.apps/worker: admission webhook") {
			t.Errorf("error: %v", err)
		}
		if len(changes) != 1 || changes[0].Name != "other" || changes[0].Action != Create {
			t.Errorf("changes: %+v", changes)
		}
	})

	t.Run("no answer stops at the first object", func(t *testing.T) {
		other := obj(t, strings.Replace(deployment, "name: worker", "name: other", 1))
		_, err := runChanges(ctx, &fakeCluster{down: true}, []*unstructured.Unstructured{d, other}, Options{Namespace: "agents"})
		if err == nil || strings.Count(err.Error(), "connection refused") != 1 || IsAPIError(err) {
			t.Errorf("error: %v", err)
		}
	})

	t.Run("objects of a namespace the render creates are created, without a dry run", func(t *testing.T) {
		ns := obj(t, "apiVersion: v1\nkind: Namespace\nmetadata: {name: fresh}\n")
		inNs := obj(t, strings.Replace(deployment, "namespace: agents", "namespace: fresh", 1))
		c := &fakeCluster{refuse: "worker"} // a dry run would fail: the namespace is not there
		changes, err := runChanges(ctx, c, []*unstructured.Unstructured{ns, inNs}, Options{Namespace: "fresh"})
		if err != nil || len(changes) != 2 || changes[1].Action != Create || !strings.Contains(changes[1].Diff, "+    spec:") && !strings.Contains(changes[1].Diff, "+  template:") {
			t.Errorf("%v %+v", err, changes)
		}
	})

	t.Run("a namespaced object without a namespace gets the default", func(t *testing.T) {
		bare := obj(t, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\n")
		pc := obj(t, "apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: pc}\nvalue: 1\n")
		changes, err := runChanges(ctx, &fakeCluster{}, []*unstructured.Unstructured{bare, pc}, Options{Namespace: "team-a"})
		if err != nil {
			t.Fatal(err)
		}
		if changes[0].Namespace != "team-a" || changes[1].Namespace != "" {
			t.Errorf("namespaces: %q %q", changes[0].Namespace, changes[1].Namespace)
		}
		if bare.GetNamespace() != "" {
			t.Error("Run changed its input")
		}
	})
}
