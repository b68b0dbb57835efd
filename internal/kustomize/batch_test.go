package kustomize

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/agentscale/agentscale/internal/render"
	"github.com/agentscale/agentscale/internal/spec"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func roleObjects(roles ...int) []render.Object {
	out := make([]render.Object, len(roles))
	for i, r := range roles {
		out[i] = render.Object{Obj: &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprint(i)}}, Role: r}
	}
	return out
}

func TestBatches(t *testing.T) {
	tests := []struct {
		name  string
		roles []int // the Role of each object, in apply order
		size  int
		want  [][]int
	}{
		{"all fit", []int{0, 1, -1, 0, 1}, 10, [][]int{{0, 1, 2, 3, 4}}},
		{"whole roles per batch", []int{0, 1, 2, 0, 1, 2}, 4, [][]int{{0, 1, 3, 4}, {2, 5}}},
		{"swarm-level objects are one group", []int{-1, 0, 1, 0, 1, -1}, 2, [][]int{{0, 5}, {1, 3}, {2, 4}}},
		{"a role larger than size stays whole", []int{0, 0, 0, 1}, 2, [][]int{{0, 1, 2}, {3}}},
		{"none", nil, 2, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := batches(roleObjects(tt.roles...), tt.size); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// manyRoles is a swarm with n roles of every kind that references
// another object, and an environment that renames, relabels and patches.
func manyRoles(t testing.TB, n int) *spec.Swarm {
	t.Helper()
	var b strings.Builder
	b.WriteString(`apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: many, namespace: agents}
spec:
  defaults:
    image: ghcr.io/acme/agents:1.0.0
    resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 256Mi}}
  headroom: {replicas: 1, resources: {requests: {cpu: "1", memory: 1Gi}}}
  networkPolicy: true
  roles:
`)
	for i := range n {
		switch i % 3 {
		case 0:
			fmt.Fprintf(&b, "    - {name: hpa-%d, replicas: {min: 1, max: 5}, ports: [{name: http, port: 8080}], scaling: {hpa: {cpu: 70}}}\n", i)
		case 1:
			fmt.Fprintf(&b, "    - {name: keda-%d, replicas: {min: 1, max: 5}, scaling: {keda: {triggers: [{type: kafka, metadata: {bootstrapServers: \"k:9092\", topic: t, consumerGroup: g, lagThreshold: \"5\"}, auth: {secret: s, params: {sasl: sasl}}}]}}}\n", i)
		default:
			fmt.Fprintf(&b, "    - {name: hard-%d, state: hard, replicas: 2, peers: {port: 7000}, storage: {size: 1Gi, mountPath: /data}}\n", i)
		}
	}
	b.WriteString(`  environments:
    prod:
      namespace: agents-prod
      kustomize:
        namePrefix: p-
        commonLabels: {tier: gold}
        images: [{name: ghcr.io/acme/agents, newTag: 1.0.1}]
        patches:
          - patch: |
              apiVersion: apps/v1
              kind: Deployment
              metadata: {name: many-hpa-0}
              spec: {template: {spec: {terminationGracePeriodSeconds: 7}}}
          - target: {kind: StatefulSet}
            patch: |
              - {op: add, path: /metadata/annotations/batched, value: "yes"}
`)
	s, errs := spec.Parse("many.yaml", []byte(b.String()), spec.Options{Env: "prod"})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return s
}

// Building in batches gives exactly the objects, in the same order, that
// one kustomize build over everything gives.
func TestBatchedBuildEqualsOneBuild(t *testing.T) {
	s := manyRoles(t, 30)
	objs, err := render.Render(s, render.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(objs) <= 3*batchSize/2 {
		t.Fatalf("only %d objects: the test needs several batches", len(objs))
	}
	k := Fields(s, "")
	one, err := apply(s, k, objs, len(objs))
	if err != nil {
		t.Fatal(err)
	}
	batched, err := apply(s, k, objs, batchSize)
	if err != nil {
		t.Fatal(err)
	}
	if len(one) != len(batched) {
		t.Fatalf("%d objects from one build, %d batched", len(one), len(batched))
	}
	for i := range one {
		a, err := render.MarshalYAML(one[i].Obj)
		if err != nil {
			t.Fatal(err)
		}
		b, err := render.MarshalYAML(batched[i].Obj)
		if err != nil {
			t.Fatal(err)
		}
		if string(a) != string(b) || one[i].Role != batched[i].Role || one[i].Source != batched[i].Source {
			t.Fatalf("object %d differs:\none build:\n%s\nbatched:\n%s", i, a, b)
		}
	}
}
