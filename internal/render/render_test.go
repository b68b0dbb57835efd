package render

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/agentscale/agentscale/internal/kinds"
	"github.com/agentscale/agentscale/internal/spec"
)

// parse builds a swarm from YAML text the way users write it.
func parse(t testing.TB, text string) *spec.Swarm {
	t.Helper()
	s, errs := spec.Parse("swarm.yaml", []byte(text), spec.Options{})
	if len(errs) > 0 {
		t.Fatalf("invalid test swarm: %v", errs)
	}
	return s
}

func mustRender(t testing.TB, s *spec.Swarm, opts Options) []Object {
	t.Helper()
	objs, err := Render(s, opts)
	if err != nil {
		t.Fatal(err)
	}
	return objs
}

func TestDeterministic(t *testing.T) {
	for _, c := range goldenCases(t) {
		var a, b, ja, jb bytes.Buffer
		objs1, objs2 := renderFile(t, c), renderFile(t, c)
		if err := EncodeYAML(&a, objs1); err != nil {
			t.Fatal(err)
		}
		if err := EncodeYAML(&b, objs2); err != nil {
			t.Fatal(err)
		}
		if err := EncodeJSON(&ja, objs1); err != nil {
			t.Fatal(err)
		}
		if err := EncodeJSON(&jb, objs2); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) || !bytes.Equal(ja.Bytes(), jb.Bytes()) {
			t.Errorf("%s: two renders differ", c.name)
		}
	}
}

// kindRank is the apply order Render promises.
var kindRank = map[string]int{
	"Namespace": -1, "PriorityClass": 0, "ServiceAccount": 1, "ConfigMap": 2, "Service": 3,
	"Deployment": 4, "StatefulSet": 4, "Job": 4,
	"HorizontalPodAutoscaler": 5, "TriggerAuthentication": 6, "ScaledObject": 7, "ScaledJob": 7,
	"PodDisruptionBudget": 8, "ServiceMonitor": 9, "PodMonitor": 9, "PrometheusRule": 10, "GrafanaDashboard": 11, "NetworkPolicy": 12,
}

func TestApplyOrderAndSources(t *testing.T) {
	for _, c := range goldenCases(t) {
		s, err := spec.Load(c.input, nil, spec.Options{})
		if err != nil {
			t.Fatal(err)
		}
		objs := mustRender(t, s, goldenOptions[c.name])
		last, lastRole := -2, -1
		for _, o := range objs {
			kind := o.Obj.GetObjectKind().GroupVersionKind().Kind
			rank, ok := kindRank[kind]
			if !ok {
				t.Fatalf("%s: unexpected kind %s", c.name, kind)
			}
			if rank < last {
				t.Errorf("%s: %s comes after a later kind", c.name, describe(o))
			}
			if rank > last {
				lastRole = -1
			}
			if o.Role >= 0 && o.Role < lastRole {
				t.Errorf("%s: %s is out of role order", c.name, describe(o))
			}
			if o.Role >= 0 {
				lastRole = o.Role
			}
			last = rank
			if o.Role >= len(s.Spec.Roles) || o.Role < -1 {
				t.Errorf("%s: %s has role %d", c.name, describe(o), o.Role)
			}
			if o.Source == "" || !s.Pos(o.Source).IsValid() {
				t.Errorf("%s: %s: source %q has no position", c.name, describe(o), o.Source)
			}
			if o.Role >= 0 && !strings.HasPrefix(o.Source, spec.RolePath(o.Role)) && o.Source != "spec.networkPolicy" {
				t.Errorf("%s: %s: source %q is outside role %d", c.name, describe(o), o.Source, o.Role)
			}
		}
	}
}

// Every kind render writes has a Go type in internal/kinds, so objects an
// environment's kustomize fields hand back untyped are typed again whole.
func TestRenderedKindsAreKnown(t *testing.T) {
	for _, c := range goldenCases(t) {
		for _, o := range renderFile(t, c) {
			gvk := o.Obj.GetObjectKind().GroupVersionKind()
			if !kinds.Known(gvk.GroupVersion().String(), gvk.Kind) {
				t.Errorf("%s: %s has no type in internal/kinds", c.name, describe(o))
			}
		}
	}
}

// TestNoNoise checks the cleaning on every golden output. A dashboard's
// JSON is Grafana's model as its SDK writes it (empty lists included,
// which Grafana writes too), not render's YAML: it is left out.
func TestNoNoise(t *testing.T) {
	for _, c := range goldenCases(t) {
		var buf bytes.Buffer
		objs := renderFile(t, c)
		for i, o := range objs {
			if cm, ok := o.Obj.(*corev1.ConfigMap); ok && cm.Labels[LabelName] == dashboardWhat {
				cm = cm.DeepCopy()
				for k := range cm.Data {
					cm.Data[k] = "the dashboard"
				}
				objs[i].Obj = cm
			}
		}
		if err := EncodeYAML(&buf, objs); err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(buf.String(), "\n") {
			trim := strings.TrimSpace(line)
			switch {
			case strings.Contains(line, "creationTimestamp"), strings.HasPrefix(line, "status:"),
				strings.HasSuffix(trim, ": null"), strings.HasSuffix(trim, "[]"),
				strings.HasSuffix(trim, "{}") && trim != "- emptyDir: {}" && trim != "emptyDir: {}":
				t.Errorf("%s:%d: noise: %s", c.name, i+1, line)
			}
		}
	}
}

func TestEncodeJSONIsAList(t *testing.T) {
	s := parse(t, minimal)
	var buf bytes.Buffer
	if err := EncodeJSON(&buf, mustRender(t, s, Options{})); err != nil {
		t.Fatal(err)
	}
	var list struct {
		APIVersion string           `json:"apiVersion"`
		Kind       string           `json:"kind"`
		Items      []map[string]any `json:"items"`
	}
	if err := json.Unmarshal(buf.Bytes(), &list); err != nil {
		t.Fatal(err)
	}
	if list.APIVersion != "v1" || list.Kind != "List" || len(list.Items) != 2 {
		t.Fatalf("got %s %s with %d items", list.APIVersion, list.Kind, len(list.Items))
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("{\n  \"apiVersion\": \"v1\",\n  \"items\": [")) {
		t.Errorf("not indented:\n%.80s", buf.String())
	}
}

const minimal = `apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  roles:
    - {name: a, image: img:1}
`

// No default ephemeral storage: a request the Cluster Autoscaler's template
// node for an empty group lacks keeps the pool from scaling up from zero.
// /tmp is bounded by its emptyDir instead, at the role's own limit if set.
func TestContainerResources(t *testing.T) {
	q := resource.MustParse
	es := corev1.ResourceEphemeralStorage
	tests := []struct {
		name         string
		in           *corev1.ResourceRequirements
		wantReq, lim string // "" when absent
		tmp          string
	}{
		{"none", nil, "", "", "1Gi"},
		{"cpu and memory only", &corev1.ResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceCPU: q("250m")}}, "", "", "1Gi"},
		{"a request of the role's own", &corev1.ResourceRequirements{Requests: corev1.ResourceList{es: q("50Mi")}}, "50Mi", "", "1Gi"},
		{"a limit of the role's own bounds /tmp", &corev1.ResourceRequirements{Limits: corev1.ResourceList{es: q("4Gi")}}, "", "4Gi", "4Gi"},
		{"both set", &corev1.ResourceRequirements{Requests: corev1.ResourceList{es: q("1Gi")}, Limits: corev1.ResourceList{es: q("2Gi")}}, "1Gi", "2Gi", "2Gi"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before string
			if tt.in != nil {
				before = tt.in.String()
			}
			got := containerResources(tt.in)
			if r, ok := got.Requests[es]; ok != (tt.wantReq != "") || (ok && r.String() != tt.wantReq) {
				t.Errorf("request = %v (%t), want %q", r.String(), ok, tt.wantReq)
			}
			if l, ok := got.Limits[es]; ok != (tt.lim != "") || (ok && l.String() != tt.lim) {
				t.Errorf("limit = %v (%t), want %q", l.String(), ok, tt.lim)
			}
			if size := tmpSize(got); size.String() != tt.tmp {
				t.Errorf("/tmp sizeLimit = %s, want %s", size, tt.tmp)
			}
			if tt.in != nil && tt.in.String() != before {
				t.Error("the role's resources were modified")
			}
		})
	}
}

// TestEncodeWritesNothingOnError: an object that cannot be encoded fails the
// whole stream before a byte is written (no half-written manifests).
func TestEncodeWritesNothingOnError(t *testing.T) {
	objs := mustRender(t, parse(t, minimal), Options{})
	var nilDeployment *appsv1.Deployment
	objs = append(objs, Object{Obj: nilDeployment, Role: 0})
	for name, enc := range map[string]func(*bytes.Buffer, []Object) error{
		"yaml": func(b *bytes.Buffer, o []Object) error { return EncodeYAML(b, o) },
		"json": func(b *bytes.Buffer, o []Object) error { return EncodeJSON(b, o) },
	} {
		var buf bytes.Buffer
		if err := enc(&buf, objs); err == nil || buf.Len() > 0 {
			t.Errorf("%s: err %v, wrote %d bytes", name, err, buf.Len())
		}
	}
	if _, err := MarshalYAML(nil); err == nil {
		t.Error("MarshalYAML(nil) did not fail")
	}
}

// createNamespace needs a namespace to create.
func TestCreateNamespaceNeedsOne(t *testing.T) {
	s := parse(t, "apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\nmetadata: {name: x}\nspec:\n  createNamespace: true\n  roles: [{name: a, image: a:1}]\n")
	if _, err := Render(s, Options{}); err == nil || !strings.Contains(err.Error(), "there is no namespace to create") {
		t.Errorf("Render: %v", err)
	}
	objs, err := Render(s, Options{Namespace: "given"})
	if err != nil {
		t.Fatal(err)
	}
	if ns, ok := objs[0].Obj.(*corev1.Namespace); !ok || ns.Name != "given" || ns.Labels["pod-security.kubernetes.io/enforce"] != "restricted" {
		t.Errorf("first object %#v: want the Namespace given, enforcing restricted", objs[0].Obj)
	}
}
