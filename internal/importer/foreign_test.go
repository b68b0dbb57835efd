package importer

import (
	"bytes"
	"os"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"

	"github.com/agentscale/agentscale/internal/build"
	"github.com/agentscale/agentscale/internal/manifest"
	"github.com/agentscale/agentscale/internal/render"
	"github.com/agentscale/agentscale/internal/spec"
)

// importFile imports a manifest file through Run, as the CLI does.
func importFile(t *testing.T, path string) (*Output, []Note) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	docs, errs := manifest.Parse(path, data)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var objs []render.KubeObject
	for _, d := range docs {
		objs = append(objs, d.Obj)
	}
	out, err := Run(objs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// What Run wrote is what a user reads: it must validate, in both forms.
	for _, env := range []string{"", CarryEnv} {
		if _, errs := spec.Parse("swarm.yaml", out.YAML, spec.Options{Env: env}); len(errs) > 0 {
			t.Fatalf("the import (env %q) is not a valid swarm: %v\n%s", env, errs, out.YAML)
		}
	}
	return out, out.Notes
}

// Foreign manifests import into a valid swarm that keeps what they mean
// (image, ports, probes, the autoscaler and its bounds, the disruption
// budget, the triggers and their credentials), and the report names each
// difference of its render.
func TestForeign(t *testing.T) {
	for _, c := range []struct {
		file  string
		check func(t *testing.T, sw *spec.Swarm)
		notes []string // each is in some note
	}{
		{
			file: "testdata/helm-starter.yaml",
			check: func(t *testing.T, sw *spec.Swarm) {
				r := sw.Spec.Roles[0]
				if sw.Metadata.Name != "release-name" || r.Name != "agents" {
					t.Errorf("names: swarm %q role %q, want release-name and agents (the Helm release and chart)", sw.Metadata.Name, r.Name)
				}
				if r.Image != "nginx:1.16.0" || len(r.Ports) != 1 || r.Ports[0].Port != 80 || r.Probes == nil || r.Probes.Readiness.HTTPGet.Path != "/" {
					t.Errorf("container: %+v", r)
				}
				if r.Scaling == nil || r.Scaling.HPA == nil || *r.Scaling.HPA.CPU != 80 || r.Replicas.Min != 1 || r.Replicas.Max != 100 {
					t.Errorf("autoscaling: %+v %+v", r.Scaling, r.Replicas)
				}
				if r.Disruption == nil || !r.Disruption.Disabled {
					t.Errorf("no PDB in the input must stay none: %+v", r.Disruption)
				}
			},
			notes: []string{
				"Deployment/release-name-agents: rendered with agentscale's standard labels and annotations; agentscale's selector (immutable: the API server refuses the change",
			},
		},
		{
			file: "testdata/queue-worker.yaml",
			check: func(t *testing.T, sw *spec.Swarm) {
				r := sw.Spec.Roles[0]
				if sw.Metadata.Name != "jobs" || sw.Metadata.Namespace != "jobs" || r.Name != "worker" {
					t.Errorf("names: %q/%q role %q", sw.Metadata.Namespace, sw.Metadata.Name, r.Name)
				}
				k := r.Scaling.KEDA
				if k == nil || len(k.Triggers) != 1 || k.Triggers[0].Metadata["queueName"] != "intake" || k.Triggers[0].Auth == nil || k.Triggers[0].Auth.Secret != "rabbitmq" || k.Triggers[0].Auth.Params["host"] != "url" {
					t.Errorf("KEDA: %+v", k)
				}
				if *k.CooldownPeriod != 120 || r.Replicas.Min != 0 || r.Replicas.Max != 30 {
					t.Errorf("bounds: %+v %+v", k, r.Replicas)
				}
				if r.Disruption == nil || r.Disruption.MinAvailable == nil || r.Disruption.MinAvailable.Percent != "50%" {
					t.Errorf("PDB: %+v", r.Disruption)
				}
				if *r.TerminationGracePeriodSeconds != 120 || r.Labels["team"] != "intake" || len(r.EnvFrom) != 1 {
					t.Errorf("pod: %+v", r)
				}
			},
			notes: []string{
				"ConfigMap/jobs/worker-config: not a swarm object: left out of the swarm",
				"Deployment/jobs/worker: render names it jobs-worker",
				"TriggerAuthentication/jobs/rabbitmq-auth: render names it jobs-worker",
				"ServiceAccount/jobs/jobs-worker: render adds it",
			},
		},
	} {
		t.Run(c.file, func(t *testing.T) {
			out, notes := importFile(t, c.file)
			c.check(t, out.Swarm)
			if out.Carried == 0 {
				t.Error("nothing carried into the imported environment: the render would drop the input's values")
			}
			all := make([]string, len(notes))
			for i, n := range notes {
				all[i] = n.String()
			}
			joined := strings.Join(all, "\n")
			for _, want := range c.notes {
				if !strings.Contains(joined, want) {
					t.Errorf("no note says %q; the notes:\n%s", want, joined)
				}
			}
			// With the carried patches only names, references, selectors
			// and render's labels differ from the input.
			if strings.Contains(joined, "other values at") {
				t.Errorf("render --env imported still differs in values:\n%s", joined)
			}
		})
	}
}

func TestDefaultPullPolicy(t *testing.T) {
	for image, want := range map[string]string{
		"nginx":                         "Always",
		"nginx:latest":                  "Always",
		"nginx:1.27":                    "IfNotPresent",
		"registry:5000/team/agent":      "Always",
		"registry:5000/team/agent:2.0":  "IfNotPresent",
		"ghcr.io/acme/a@sha256:abcdef0": "IfNotPresent",
	} {
		if got := defaultPullPolicy(image); string(got) != want {
			t.Errorf("%s: %s, want %s", image, got, want)
		}
	}
}

// What the format cannot say survives in render --env imported: the pod's
// own labels, node selector, init containers and a ServiceAccount outside
// the input; the replicas a ScaledObject owns do not.
func TestCarriedValues(t *testing.T) {
	out, _ := importFile(t, "testdata/queue-worker.yaml")
	sw, errs := spec.Parse("swarm.yaml", out.YAML, spec.Options{Env: CarryEnv})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	objs, err := build.Objects(sw, build.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var d *appsv1.Deployment
	for _, o := range objs {
		if x, ok := o.Obj.(*appsv1.Deployment); ok {
			d = x
		}
	}
	if d == nil {
		t.Fatal("no Deployment rendered")
	}
	ps := d.Spec.Template.Spec
	if d.Spec.Replicas != nil {
		t.Errorf("replicas %d carried onto a workload KEDA scales: every apply would reset it", *d.Spec.Replicas)
	}
	if ps.NodeSelector["cloud.google.com/gke-accelerator"] != "nvidia-l4" || len(ps.InitContainers) != 1 || ps.ServiceAccountName != "intake-identity" ||
		d.Spec.Template.Labels["azure.workload.identity/use"] != "true" {
		t.Errorf("not carried: nodeSelector %v, init containers %d, ServiceAccount %q, pod labels %v", ps.NodeSelector, len(ps.InitContainers), ps.ServiceAccountName, d.Spec.Template.Labels)
	}
}

// Of a live object, the server's defaults are dropped and everything else
// it has is carried.
func TestLiveObjectCarry(t *testing.T) {
	live := `apiVersion: apps/v1
kind: Deployment
metadata: {name: w, namespace: ns, resourceVersion: "42", uid: u-1, generation: 3}
spec:
  replicas: 1
  progressDeadlineSeconds: 600
  revisionHistoryLimit: 10
  selector: {matchLabels: {app: w}}
  template:
    metadata: {labels: {app: w}}
    spec:
      dnsPolicy: ClusterFirst
      restartPolicy: Always
      schedulerName: default-scheduler
      priorityClassName: batch-low
      initContainers:
        - {name: init, image: "busybox:1.36", terminationMessagePath: /dev/termination-log, terminationMessagePolicy: File, imagePullPolicy: IfNotPresent}
      containers:
        - {name: w, image: "acme/w:1", terminationMessagePath: /dev/termination-log, terminationMessagePolicy: File, imagePullPolicy: IfNotPresent}
`
	path := t.TempDir() + "/live.yaml"
	if err := os.WriteFile(path, []byte(live), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _ := importFile(t, path)
	y := string(out.YAML)
	for _, want := range []string{"/spec/template/spec/priorityClassName", "/spec/template/spec/initContainers", "batch-low"} {
		if !strings.Contains(y, want) {
			t.Errorf("not carried: %s\n%s", want, y)
		}
	}
	for _, noise := range []string{"progressDeadlineSeconds", "revisionHistoryLimit", "dnsPolicy", "schedulerName", "restartPolicy"} {
		if strings.Contains(y, noise) {
			t.Errorf("a server default is carried: %s\n%s", noise, y)
		}
	}
}

// A sidecar is carried as an add beside the role's container, not as a
// replace of the whole list: the role's own fields still render from the
// role under the imported environment, so adopting it field by field works.
func TestSidecarLeavesTheRoleEditable(t *testing.T) {
	out, _ := importFile(t, "testdata/sidecar.yaml")
	edited := bytes.Replace(out.YAML, []byte("summarizer:0.3.1"), []byte("summarizer:0.4.0"), 1)
	if bytes.Equal(edited, out.YAML) {
		t.Fatalf("the role's image is not in the swarm:\n%s", out.YAML)
	}
	sw, errs := spec.Parse("swarm.yaml", edited, spec.Options{Env: CarryEnv})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	objs, err := build.Objects(sw, build.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range objs {
		if d, ok := o.Obj.(*appsv1.Deployment); ok {
			cs := d.Spec.Template.Spec.Containers
			if len(cs) != 2 || cs[0].Image != "ghcr.io/acme/summarizer:0.4.0" || cs[1].Image != "envoyproxy/envoy:v1.30" {
				t.Errorf("containers %+v: want the edited role's image and the sidecar", cs)
			}
			return
		}
	}
	t.Fatal("no Deployment rendered")
}

// An autoscaler left over is not "keep applying it yourself": beside the
// role's it would fight it.
func TestLeftOverAutoscaler(t *testing.T) {
	_, notes := importFile(t, "testdata/two-hpas.yaml")
	for _, n := range notes {
		if n.Object == "HorizontalPodAutoscaler/ai/summarizer-2" {
			if !strings.Contains(n.Msg, "delete it rather than keep applying it") {
				t.Errorf("note: %s", n.Msg)
			}
			return
		}
	}
	t.Errorf("no note on the second HPA: %+v", notes)
}
