package lint_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/yaml"

	"github.com/agentscale/agentscale/internal/lint"
	"github.com/agentscale/agentscale/internal/lint/linttest"
	"github.com/agentscale/agentscale/internal/lint/rules"
	"github.com/agentscale/agentscale/internal/render"
	"github.com/agentscale/agentscale/internal/spec"
)

// TestSwarmAndRenderedAgree lints every swarm of the render corpus twice:
// as a swarm, and as the manifests render writes for it. Rules are written
// once over objects plus intent, and the intent annotations carry what the
// swarm knows, so both must give the same findings (by object, rule and
// severity; positions differ by design).
func TestSwarmAndRenderedAgree(t *testing.T) {
	opts := lint.Options{Rules: rules.Registry()}
	for _, c := range corpusSwarms(t, "examples", "testdata/golden", "testdata/lint") {
		t.Run(filepath.Base(c.file), func(t *testing.T) {
			fromSwarm := keys(lint.Run([]lint.Source{{Name: c.file, Data: c.data}}, opts))
			fromManifests := keys(lint.Run([]lint.Source{{Name: "rendered.yaml", Data: encode(t, c.objs)}}, opts))
			if !slices.Equal(fromSwarm, fromManifests) {
				t.Errorf("findings differ\nswarm:     %q\nrendered:  %q", fromSwarm, fromManifests)
			}
		})
	}
}

// TestServerReadBackAgrees lints rendered objects and the same objects as
// an API server returns them (`kubectl get -f rendered.yaml -o yaml`: a v1
// List, uid and resourceVersion set, replicas and other fields defaulted),
// as test/e2e does against a real cluster. Both must give the same findings.
func TestServerReadBackAgrees(t *testing.T) {
	opts := lint.Options{Rules: rules.Registry()}
	for _, c := range corpusSwarms(t, "examples", "testdata/golden", "testdata/lint") {
		t.Run(filepath.Base(c.file), func(t *testing.T) {
			rendered := encode(t, c.objs)
			items := make([]runtime.RawExtension, 0, len(c.objs))
			for _, o := range c.objs {
				items = append(items, runtime.RawExtension{Object: serverDefaults(o.Obj)})
			}
			server, err := yaml.Marshal(map[string]any{"apiVersion": "v1", "kind": "List", "items": items})
			if err != nil {
				t.Fatal(err)
			}
			want := keys(lint.Run([]lint.Source{{Name: "rendered.yaml", Data: rendered}}, opts))
			got := keys(lint.Run([]lint.Source{{Name: "server.yaml", Data: server}}, opts))
			if !slices.Equal(got, want) {
				t.Errorf("findings differ\nrendered: %q\nserver:   %q", want, got)
			}
		})
	}
}

// serverDefaults does to an object what the API server does on create:
// identity, replicas defaulted to 1, container, probe and Service defaults.
func serverDefaults(obj render.KubeObject) render.KubeObject {
	obj = obj.DeepCopyObject().(render.KubeObject)
	obj.SetUID("0b9e7a52-0000-4000-8000-000000000000")
	obj.SetResourceVersion("4711")
	one := int32(1)
	pod := func(p *corev1.PodSpec) {
		p.RestartPolicy, p.DNSPolicy, p.SchedulerName = corev1.RestartPolicyAlways, corev1.DNSClusterFirst, "default-scheduler"
		for i := range p.Containers {
			c := &p.Containers[i]
			c.ImagePullPolicy, c.TerminationMessagePath = corev1.PullIfNotPresent, "/dev/termination-log"
			for _, pr := range []*corev1.Probe{c.ReadinessProbe, c.LivenessProbe, c.StartupProbe} {
				if pr != nil {
					pr.TimeoutSeconds, pr.SuccessThreshold, pr.FailureThreshold = 1, 1, 3
				}
			}
			for j := range c.Ports {
				c.Ports[j].Protocol = corev1.ProtocolTCP
			}
		}
	}
	switch x := obj.(type) {
	case *appsv1.Deployment:
		if x.Spec.Replicas == nil {
			x.Spec.Replicas = &one
		}
		pod(&x.Spec.Template.Spec)
	case *appsv1.StatefulSet:
		if x.Spec.Replicas == nil {
			x.Spec.Replicas = &one
		}
		pod(&x.Spec.Template.Spec)
	case *corev1.Service:
		if x.Spec.ClusterIP == "" {
			x.Spec.ClusterIP, x.Spec.ClusterIPs = "10.96.0.10", []string{"10.96.0.10"}
		}
		if x.Spec.Type == "" {
			x.Spec.Type = corev1.ServiceTypeClusterIP
		}
	}
	return obj
}

type corpusSwarm struct {
	file string
	data []byte
	objs []render.Object
}

// corpusSwarms are the valid swarms of the directories (from the
// repository root), rendered.
func corpusSwarms(t *testing.T, dirs ...string) []corpusSwarm {
	var files []string
	for _, dir := range dirs {
		fs, _ := filepath.Glob(filepath.Join("..", "..", dir, "*.yaml"))
		files = append(files, fs...)
	}
	var out []corpusSwarm
	for _, f := range files {
		if strings.HasSuffix(f, ".out.yaml") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sw, errs := spec.Parse(f, data, spec.Options{})
		if len(errs) > 0 {
			continue // invalid swarms and plain manifests
		}
		objs, err := linttest.Render(sw)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, corpusSwarm{f, data, objs})
	}
	if len(out) == 0 {
		t.Fatal("no swarms found")
	}
	return out
}

func encode(t *testing.T, objs []render.Object) []byte {
	var buf bytes.Buffer
	if err := render.EncodeYAML(&buf, objs); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// keys names findings by object, rule and severity. A bad suppression is
// named without its object: the swarm reports it once at the role's
// lint.ignore entry, rendered manifests on every object of the role.
func keys(fs []lint.Finding) []string {
	out := make([]string, 0, len(fs))
	for _, f := range fs {
		obj := f.Object
		if f.Rule == lint.BadSuppression.ID {
			obj = "*"
		}
		out = append(out, obj+": "+f.Rule+" ("+f.Severity.String()+")")
	}
	slices.Sort(out)
	return slices.Compact(out)
}
