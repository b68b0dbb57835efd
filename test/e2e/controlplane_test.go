package e2e

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The control-plane test runs one swarm under one scripted load twice: in
// agentscale simulate, and on a real control plane — its own etcd and
// kube-apiserver (with the aggregation layer), kube-controller-manager
// (deployment, replicaset, horizontal-pod-autoscaler, disruption and
// garbage-collector controllers), kube-scheduler, KWOK playing the kubelets
// of fake nodes, and loadserver (tools/loadserver), which plays the work
// queue and serves it as custom metrics and as a Prometheus query API. It
// requires the two runs' replica counts to agree within ±1 at every sync,
// allowing one sync period of skew: the real controllers sync on their own
// clocks, not on the load's.
//
// Times are compressed (pods start in seconds, the HPA syncs every few
// seconds) so that a run takes about a minute and a half of wall time.

// cpSetting is one controller flag, set the same way on both sides: one home
// for what the real controllers and simulate are told.
type cpSetting struct {
	key   string // simulate --controller KEY=VALUE
	value string
	flag  string // the real component's flag
}

var cpSettings = []cpSetting{
	{"hpa.syncPeriod", "3s", "--horizontal-pod-autoscaler-sync-period"},
	{"hpa.downscaleStabilization", "31s", "--horizontal-pod-autoscaler-downscale-stabilization"},
}

// cpSyncPeriod is hpa.syncPeriod above in seconds: the skew the comparison
// allows.
const cpSyncPeriod = 3

// cpLoad is the scripted load: per role, arrivals per second over
// [from, to) seconds. cpDuration is the length of the run.
type loadStep struct {
	from, to int
	rate     float64
}

const cpDuration = 90

var cpLoad = map[string][]loadStep{
	// A spike that the Value target answers 1 → 4 → 8 → 12, then a drop
	// to the minimum once the 31 s downscale stabilization has passed.
	"scout": {{0, 10, 2}, {10, 40, 20}, {40, cpDuration, 2}},
	// Pods metric with behavior: +2 pods per 5 s up, −50 % per 5 s down.
	"analyst": {{0, 15, 1}, {15, 50, 8}, {50, cpDuration, 1}},
	// KEDA from zero: activation, its HPA up to the maximum (6 replicas
	// drain 12/s), then back to zero once the cooldown has passed since the
	// backlog drained, before the HPA's own stabilization would scale down.
	"responder": {{10, 40, 16}},
}

func loadSeries(steps []loadStep) []float64 {
	series := make([]float64, cpDuration)
	for _, s := range steps {
		for i := s.from; i < s.to && i < cpDuration; i++ {
			series[i] = s.rate
		}
	}
	return series
}

// writeLoadCSV writes the load as simulate reads it: a row per second and
// role, so both sides see the same rate at every second.
func writeLoadCSV(path string, load map[string][]float64) error {
	var b strings.Builder
	b.WriteString("seconds,arrivals_per_second,role\n")
	for s := 0; s < cpDuration; s++ {
		for _, r := range sortedKeys(load) {
			fmt.Fprintf(&b, "%d,%g,%s\n", s, load[r][s], r)
		}
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

// loadServerConfig is tools/loadserver's config file: a JSON contract with
// that program (its config and role types), which lives in its own module
// with the Kubernetes API server libraries this module stays free of.
type loadServerConfig struct {
	Namespace string               `json:"namespace"`
	Roles     []loadServerRole     `json:"roles"`
	Load      map[string][]float64 `json:"load"`
}

type loadServerRole struct {
	Name           string            `json:"name"`
	Workload       string            `json:"workload"`
	Selector       map[string]string `json:"selector"`
	TasksPerSecond float64           `json:"tasksPerSecond"`
	ObjectMetric   string            `json:"objectMetric,omitempty"`
	PodsMetric     string            `json:"podsMetric,omitempty"`
	Query          string            `json:"query,omitempty"`
}

// loadServerRoles reads, from the rendered objects, what the queue needs of
// each role: its pods' selector, its throughput (render's
// agentscale.dev/tasks-per-second annotation) and the metric names its
// autoscaler reads.
func loadServerRoles(t *testing.T, objs []object) []loadServerRole {
	t.Helper()
	byWorkload := map[string]*loadServerRole{}
	var roles []*loadServerRole
	for _, o := range objs {
		if k := o.kind(); k != "Deployment" && k != "StatefulSet" {
			continue
		}
		tps, err := strconv.ParseFloat(o.str("metadata", "annotations", "agentscale.dev/tasks-per-second"), 64)
		if err != nil {
			t.Fatalf("%s has no agentscale.dev/tasks-per-second annotation: %v", o.ref(), err)
		}
		r := &loadServerRole{
			Name:           o.str("metadata", "annotations", "agentscale.dev/role"),
			Workload:       o.kind() + "/" + o.name(),
			Selector:       o.strMap("spec", "selector", "matchLabels"),
			TasksPerSecond: tps,
		}
		byWorkload[r.Workload] = r
		roles = append(roles, r)
	}
	for _, o := range objs {
		if o.kind() != "ScaledObject" {
			continue
		}
		kind := o.str("spec", "scaleTargetRef", "kind")
		if kind == "" {
			kind = "Deployment"
		}
		r := byWorkload[kind+"/"+o.str("spec", "scaleTargetRef", "name")]
		if r == nil {
			t.Fatalf("%s scales nothing that was rendered", o.ref())
		}
		for _, tr := range o.list("spec", "triggers") {
			to := object(tr.(map[string]any))
			if to.str("type") != "prometheus" {
				t.Fatalf("%s: loadserver answers no %s trigger", o.ref(), to.str("type"))
			}
			r.Query = to.str("metadata", "query")
		}
	}
	for _, o := range objs {
		if o.kind() != "HorizontalPodAutoscaler" {
			continue
		}
		r := byWorkload[o.str("spec", "scaleTargetRef", "kind")+"/"+o.str("spec", "scaleTargetRef", "name")]
		if r == nil {
			t.Fatalf("%s scales nothing that was rendered", o.ref())
		}
		for _, m := range o.list("spec", "metrics") {
			mo := object(m.(map[string]any))
			switch mo.str("type") {
			case "Object":
				r.ObjectMetric = mo.str("object", "metric", "name")
			case "Pods":
				r.PodsMetric = mo.str("pods", "metric", "name")
			default:
				t.Fatalf("%s: loadserver serves no %s metrics", o.ref(), mo.str("type"))
			}
		}
	}
	out := make([]loadServerRole, len(roles))
	for i, r := range roles {
		out[i] = *r
	}
	return out
}

// controlPlane is the test's cluster with its controllers.
type controlPlane struct {
	*cluster
	loadServer string // http://127.0.0.1:PORT
}

// run runs kubectl against the control plane.
func (c *controlPlane) run(stdin []byte, args ...string) result {
	return run(stdin, []string{"KUBECONFIG=" + c.kubeconfig, "KUBECACHEDIR=" + filepath.Join(c.dir, "kube-cache")}, c.dir, env.kubectl, args...)
}

// kubectl runs kubectl against the control plane and fails the test if it
// fails.
func (c *controlPlane) kubectl(t *testing.T, stdin []byte, args ...string) string {
	t.Helper()
	r := c.run(stdin, args...)
	if r.err != nil {
		t.Fatalf("kubectl failed:\n%s\n%s", r, c.logs())
	}
	return r.stdout
}

func (c *controlPlane) start(t *testing.T, name, bin string, args ...string) *process {
	t.Helper()
	return c.startEnv(t, name, bin, nil, args...)
}

func (c *controlPlane) startEnv(t *testing.T, name, bin string, extraEnv []string, args ...string) *process {
	t.Helper()
	p, err := startProcessEnv(name, filepath.Join(c.dir, name+".log"), bin, extraEnv, args...)
	if err != nil {
		t.Fatal(err)
	}
	c.procs = append(c.procs, p)
	return p
}

func TestControlPlane(t *testing.T) {
	requireCLI(t)
	logf := func(format string, args ...any) { t.Logf(format, args...) }
	bins := map[string]string{}
	for _, tl := range []tool{kubeControllersTool, kwokTool, loadServerTool, kedaTool} {
		dir, err := tl.ensure(env.repoRoot, env.e2eDir, logf)
		if err != nil {
			t.Fatalf("building %s: %v", tl.name, err)
		}
		for _, b := range tl.bins {
			bins[b] = filepath.Join(dir, b)
		}
	}
	c, err := startCluster(env.etcd, env.apiserver, true)
	if err != nil {
		t.Fatalf("starting the control plane's etcd and kube-apiserver: %v", err)
	}
	cp := &controlPlane{cluster: c}
	t.Cleanup(func() {
		if t.Failed() {
			t.Log(cp.logs())
		}
		cp.stop()
	})

	kube := []string{"--kubeconfig=" + cp.kubeconfig, "--leader-elect=false"}
	cp.start(t, "kube-scheduler", bins["kube-scheduler"], append(kube, "--secure-port=0")...)
	kcm := append(kube,
		"--secure-port=0",
		"--controllers=deployment-controller,replicaset-controller,horizontal-pod-autoscaler-controller,disruption-controller,garbage-collector-controller",
		"--use-service-account-credentials=false",
	)
	for _, s := range cpSettings {
		kcm = append(kcm, s.flag+"="+s.value)
	}
	cp.start(t, "kube-controller-manager", bins["kube-controller-manager"], kcm...)

	kwokDir, err := moduleDir("sigs.k8s.io/kwok", kwokVersion)
	if err != nil {
		t.Fatal(err)
	}
	kwokPort, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	cp.start(t, "kwok", bins["kwok"],
		"--kubeconfig="+cp.kubeconfig,
		"--manage-all-nodes=false",
		"--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake",
		fmt.Sprintf("--server-address=127.0.0.1:%d", kwokPort),
		// KWOK's own stage for nodes; ours for pods (see the file).
		"--config="+filepath.Join(kwokDir, "kustomize", "stage", "node", "fast", "node-initialize.yaml"),
		"--config="+filepath.Join(env.e2eDir, "testdata", "controlplane", "pod-stages.yaml"),
	)
	cp.kubectl(t, []byte(kwokNodes(2)), "apply", "-f", "-")
	cp.kubectl(t, nil, "wait", "--for=condition=Ready", "--timeout=60s", "nodes", "--all")
	// The API server taints a new node not-ready; the node lifecycle
	// controller, which would lift it, is not needed here and not run.
	cp.kubectl(t, nil, "taint", "nodes", "--all", "node.kubernetes.io/not-ready:NoSchedule-")

	if err := installCRDs(cp.run, logf); err != nil {
		t.Fatal(err)
	}
	cp.startKEDA(t, bins["operator"], bins["adapter"])

	swarm := filepath.Join(env.e2eDir, "testdata", "controlplane", "swarm.yaml")
	r := run(nil, nil, env.repoRoot, env.agentscale, "render", swarm)
	if r.err != nil {
		t.Fatalf("render failed:\n%s", r)
	}
	objs, err := parseObjects([]byte(r.stdout))
	if err != nil {
		t.Fatal(err)
	}
	ns := objs[0].namespace()
	load := map[string][]float64{}
	for role, steps := range cpLoad {
		load[role] = loadSeries(steps)
	}
	cfg := loadServerConfig{Namespace: ns, Roles: loadServerRoles(t, objs), Load: load}
	cp.startLoadServer(t, bins["loadserver"], cfg)
	manifests := forControlPlane(t, objs, cp.loadServer)

	cp.kubectl(t, []byte("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: "+ns+"\n"), "apply", "-f", "-")
	cp.kubectl(t, manifests, "apply", "-f", "-")
	cp.waitSteady(t, ns, objs)

	loadFile := filepath.Join(cp.dir, "load.csv")
	if err := writeLoadCSV(loadFile, load); err != nil {
		t.Fatal(err)
	}
	real := cp.runLoad(t, "scout")
	simArgs := []string{"simulate", swarm, "--load", loadFile, "--duration", fmt.Sprintf("%ds", cpDuration), "-o", "csv"}
	for _, s := range cpSettings {
		simArgs = append(simArgs, "--controller", s.key+"="+s.value)
	}
	simulate := func(args ...string) map[string][]sample {
		sr := run(nil, nil, env.repoRoot, env.agentscale, append(slices.Clone(simArgs), args...)...)
		if sr.err != nil {
			t.Fatalf("simulate failed:\n%s", sr)
		}
		return parseTrace(t, sr.stdout)
	}
	sim := simulate()
	for _, role := range sortedKeys(cpLoad) {
		t.Run(role, func(t *testing.T) {
			compareTrajectories(t, sim[role], real[role], cpSyncPeriod)
		})
	}
	// The comparison must tell settings apart: told the wrong downscale
	// stabilization (the last flag wins), simulate keeps scout at 12
	// replicas past the second the cluster dropped it to 1.
	wrong := simulate("--controller", "hpa.downscaleStabilization=60s")
	if len(disagreements(wrong["scout"], real["scout"], cpSyncPeriod)) == 0 {
		t.Errorf("simulate with hpa.downscaleStabilization=60s also agrees with the cluster: the comparison cannot tell settings apart\n%s",
			trajectoryTable(wrong["scout"], real["scout"], cpSyncPeriod))
	}
}

// kwokStartup is the annotation that tells the test's KWOK stage
// (testdata/controlplane/pod-stages.yaml) how long a pod takes to turn Ready.
const kwokStartup = "e2e.agentscale.dev/startup"

// forControlPlane returns the rendered objects as a List to apply, with two
// changes for this cluster:
//
//   - Each pod template gets its start-up time for KWOK, from render's
//     agentscale.dev/startup-seconds, one second shorter: simulate moves in
//     whole seconds and counts a pod created at the sync of second s as
//     Ready and working throughout second s+startupSeconds, whereas here the
//     sync comes a fraction of a second after loadserver's step and KWOK
//     adds its own latency; one second less makes the pod Ready within the
//     same second.
//   - The prometheus trigger's placeholder address becomes loadserver's.
func forControlPlane(t *testing.T, objs []object, loadServer string) []byte {
	t.Helper()
	const placeholder = "http://loadserver:9090"
	replaced := 0
	for _, o := range objs {
		switch o.kind() {
		case "Deployment", "StatefulSet":
			secs, err := strconv.Atoi(o.str("metadata", "annotations", "agentscale.dev/startup-seconds"))
			if err != nil || secs < 1 {
				t.Fatalf("%s: no usable agentscale.dev/startup-seconds annotation (%v)", o.ref(), err)
			}
			meta := o.get("spec", "template", "metadata").(map[string]any)
			ann, _ := meta["annotations"].(map[string]any)
			if ann == nil {
				ann = map[string]any{}
				meta["annotations"] = ann
			}
			ann[kwokStartup] = fmt.Sprintf("%ds", secs-1)
		case "ScaledObject":
			for _, tr := range o.list("spec", "triggers") {
				md := object(tr.(map[string]any)).get("metadata").(map[string]any)
				if md["serverAddress"] == placeholder {
					md["serverAddress"] = loadServer
					replaced++
				}
			}
		}
	}
	if replaced == 0 {
		t.Fatalf("no prometheus trigger has serverAddress %s to point at loadserver", placeholder)
	}
	items := make([]any, len(objs))
	for i, o := range objs {
		items[i] = map[string]any(o)
	}
	data, err := json.Marshal(map[string]any{"apiVersion": "v1", "kind": "List", "items": items})
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// kwokNodes is n fake nodes for KWOK to run, big enough that the scheduler
// never runs out of room (the Cluster Autoscaler is not part of this test).
func kwokNodes(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `apiVersion: v1
kind: Node
metadata:
  name: kwok-%[1]d
  annotations:
    kwok.x-k8s.io/node: fake
  labels:
    kubernetes.io/hostname: kwok-%[1]d
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    topology.kubernetes.io/zone: zone-%[1]d
    type: kwok
status:
  allocatable: {cpu: "32", memory: 128Gi, ephemeral-storage: 1Ti, pods: "110"}
  capacity: {cpu: "32", memory: 128Gi, ephemeral-storage: 1Ti, pods: "110"}
---
`, i)
	}
	return b.String()
}

// startLoadServer starts tools/loadserver and registers it as the
// cluster's custom.metrics.k8s.io API.
func (c *controlPlane) startLoadServer(t *testing.T, bin string, cfg loadServerConfig) {
	t.Helper()
	data, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfgFile := filepath.Join(c.dir, "loadserver.json")
	if err := os.WriteFile(cfgFile, data, 0o644); err != nil {
		t.Fatal(err)
	}
	httpPort, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	securePort, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	p := c.start(t, "loadserver", bin,
		"--config="+cfgFile,
		fmt.Sprintf("--http-address=127.0.0.1:%d", httpPort),
		fmt.Sprintf("--secure-port=%d", securePort),
		"--bind-address=127.0.0.1",
		"--cert-dir="+filepath.Join(c.dir, "loadserver-certs"),
		"--lister-kubeconfig="+c.kubeconfig,
		"--authentication-kubeconfig="+c.kubeconfig,
		"--authorization-kubeconfig="+c.kubeconfig,
	)
	c.loadServer = fmt.Sprintf("http://127.0.0.1:%d", httpPort)
	if err := waitHTTP(p, c.loadServer+"/healthz", nil, "", 60*time.Second); err != nil {
		t.Fatal(err)
	}
	c.registerAPIService(t, "v1beta2.custom.metrics.k8s.io", "loadserver", securePort)
}

// startKEDA runs KEDA's operator and metrics API server on the host, as
// its Helm chart would in the cluster: the operator's gRPC metrics service
// and the metrics server share one mutual-TLS directory, and the metrics
// server is the cluster's external.metrics.k8s.io API.
func (c *controlPlane) startKEDA(t *testing.T, operatorBin, adapterBin string) {
	t.Helper()
	certDir := filepath.Join(c.dir, "keda-certs")
	if err := os.MkdirAll(certDir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := writeKEDACerts(certDir); err != nil {
		t.Fatal(err)
	}
	c.kubectl(t, []byte("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: keda\n"), "apply", "-f", "-")
	ports := make([]int, 5)
	for i := range ports {
		p, err := freePort()
		if err != nil {
			t.Fatal(err)
		}
		ports[i] = p
	}
	grpcAddr := fmt.Sprintf("127.0.0.1:%d", ports[0])
	kedaEnv := []string{
		"KUBECONFIG=" + c.kubeconfig,
		"POD_NAMESPACE=keda",
		"KEDA_CLUSTER_OBJECT_NAMESPACE=keda",
		"WATCH_NAMESPACE=",
	}
	op := c.startEnv(t, "keda-operator", operatorBin, kedaEnv,
		"--leader-elect=false",
		"--metrics-service-bind-address="+grpcAddr,
		fmt.Sprintf("--metrics-bind-address=127.0.0.1:%d", ports[1]),
		fmt.Sprintf("--health-probe-bind-address=127.0.0.1:%d", ports[2]),
		"--cert-dir="+certDir,
		"--enable-cert-rotation=false",
	)
	if err := waitHTTP(op, fmt.Sprintf("http://127.0.0.1:%d/readyz", ports[2]), nil, "", 60*time.Second); err != nil {
		t.Fatal(err)
	}
	c.startEnv(t, "keda-metrics-apiserver", adapterBin, kedaEnv,
		fmt.Sprintf("--secure-port=%d", ports[3]),
		"--bind-address=127.0.0.1",
		"--cert-dir="+certDir,
		"--lister-kubeconfig="+c.kubeconfig,
		"--authentication-kubeconfig="+c.kubeconfig,
		"--authorization-kubeconfig="+c.kubeconfig,
		"--metrics-service-address="+grpcAddr,
		fmt.Sprintf("--port=%d", ports[4]),
	)
	c.registerAPIService(t, "v1beta1.external.metrics.k8s.io", "keda-metrics-apiserver", ports[3])
}

// registerAPIService makes an extension API server on localhost:port the
// cluster's API NAME (VERSION.GROUP): an APIService whose Service is an
// ExternalName for localhost, which the aggregator dials directly.
func (c *controlPlane) registerAPIService(t *testing.T, name, service string, port int) {
	t.Helper()
	version, group, _ := strings.Cut(name, ".")
	c.kubectl(t, []byte(fmt.Sprintf(`apiVersion: v1
kind: Namespace
metadata:
  name: e2e-metrics
---
apiVersion: v1
kind: Service
metadata:
  name: %[3]s
  namespace: e2e-metrics
spec:
  type: ExternalName
  externalName: localhost
---
apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata:
  name: %[1]s.%[2]s
spec:
  group: %[2]s
  version: %[1]s
  service: {namespace: e2e-metrics, name: %[3]s, port: %[4]d}
  insecureSkipTLSVerify: true
  groupPriorityMinimum: 100
  versionPriority: 200
`, version, group, service, port)), "apply", "-f", "-")
	c.kubectl(t, nil, "wait", "--for=condition=Available", "--timeout=90s", "apiservice/"+name)
}

// waitSteady waits until every autoscaled workload runs its minimum with
// every pod Ready: the state simulate starts from.
func (c *controlPlane) waitSteady(t *testing.T, ns string, objs []object) {
	t.Helper()
	want := map[string]int{}
	for _, o := range objs {
		switch o.kind() {
		case "HorizontalPodAutoscaler":
			minR, ok := o.get("spec", "minReplicas").(float64)
			if !ok {
				minR = 1
			}
			want[o.str("spec", "scaleTargetRef", "name")] = int(minR)
		case "ScaledObject":
			// KEDA's default minReplicaCount is 0: idle.
			minR, _ := o.get("spec", "minReplicaCount").(float64)
			want[o.str("spec", "scaleTargetRef", "name")] = int(minR)
		}
	}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		out := c.kubectl(t, nil, "get", "deployments,statefulsets", "-n", ns, "-o", "json")
		list, err := parseObjects([]byte(out))
		if err != nil {
			t.Fatal(err)
		}
		var waiting []string
		for _, o := range list {
			spec, _ := o.get("spec", "replicas").(float64)
			ready, _ := o.get("status", "readyReplicas").(float64)
			if w, ok := want[o.name()]; ok && (int(spec) != w || int(ready) != w) {
				waiting = append(waiting, fmt.Sprintf("%s: %d/%d ready, want %d", o.name(), int(ready), int(spec), w))
			}
		}
		if len(waiting) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the swarm did not settle at its minimum: %s\n%s", strings.Join(waiting, "; "),
				c.kubectl(t, nil, "get", "pods,hpa,events", "-n", ns, "-o", "wide"))
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// runLoad starts the load in phase with the HPA syncs and returns the trace
// when it has ended. simulate's HPA syncs at 0, P, 2P… right after that
// second's step; so the load starts syncLead before a sync of the HPA of
// role align (as loadserver sees it read the role's metric). The HPAs
// rendered together sync together; KEDA's HPA, created later, has its own
// phase, which the comparison's one-period window covers.
func (c *controlPlane) runLoad(t *testing.T, align string) map[string][]sample {
	t.Helper()
	const syncLead = 300 * time.Millisecond
	last := func() int64 {
		resp, err := http.Get(c.loadServer + "/queries")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var q map[string]int64
		if err := json.NewDecoder(resp.Body).Decode(&q); err != nil {
			t.Fatal(err)
		}
		return q[align]
	}
	before, deadline := last(), time.Now().Add(2*cpSyncPeriod*time.Second)
	var sync int64
	for sync = last(); sync == before; sync = last() {
		if time.Now().After(deadline) {
			t.Fatalf("the HPA of %s has not read its metric for %d s", align, 2*cpSyncPeriod)
		}
		time.Sleep(20 * time.Millisecond)
	}
	t0 := time.Unix(0, sync).Add(cpSyncPeriod*time.Second - syncLead)
	resp, err := http.Post(fmt.Sprintf("%s/start?at=%d", c.loadServer, t0.UnixNano()), "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("starting the load: %s", resp.Status)
	}
	time.Sleep(time.Until(t0.Add(cpDuration*time.Second + 500*time.Millisecond)))
	resp, err = http.Get(c.loadServer + "/trace")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return parseTrace(t, string(data))
}

// sample is one second of one role, from either side.
type sample struct {
	backlog float64
	desired int
	ready   int
	reads   int // the metric's reads in this second (loadserver only)
}

// parseTrace reads simulate's -o csv and loadserver's /trace, which share
// the columns time_s, role, backlog, desired_replicas and ready_replicas.
func parseTrace(t *testing.T, data string) map[string][]sample {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(data)).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("a trace does not parse (%v):\n%s", err, data)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, h := range []string{"time_s", "role", "backlog", "desired_replicas", "ready_replicas"} {
		if _, ok := col[h]; !ok {
			t.Fatalf("a trace has no %s column: %v", h, rows[0])
		}
	}
	out := map[string][]sample{}
	for _, row := range rows[1:] {
		s, _ := strconv.Atoi(row[col["time_s"]])
		role := row[col["role"]]
		if s >= cpDuration {
			continue
		}
		for len(out[role]) <= s {
			out[role] = append(out[role], sample{desired: -1})
		}
		b, _ := strconv.ParseFloat(row[col["backlog"]], 64)
		d, _ := strconv.Atoi(row[col["desired_replicas"]])
		r, _ := strconv.Atoi(row[col["ready_replicas"]])
		smp := sample{backlog: b, desired: d, ready: r}
		if i, ok := col["metric_reads"]; ok {
			smp.reads, _ = strconv.Atoi(row[i])
		}
		out[role][s] = smp
	}
	return out
}

// compareTrajectories requires every second of each side to be matched,
// within ±1 replica, by the other side somewhere within one sync period;
// so replica counts agree within ±1 at every sync and scale events happen
// within one sync period of each other. It also requires the run to scale
// up and down, so that the test cannot pass on a flat line.
func compareTrajectories(t *testing.T, sim, real []sample, period int) {
	t.Helper()
	table := trajectoryTable(sim, real, period)
	if len(sim) < cpDuration || len(real) < cpDuration {
		t.Fatalf("a trace is short: simulate %d s, cluster %d s (want %d)\n%s", len(sim), len(real), cpDuration, table)
	}
	lo, hi, downs := at(sim, 0).desired, 0, 0
	for s := 1; s < cpDuration; s++ {
		hi = max(hi, sim[s].desired)
		if sim[s].desired < sim[s-1].desired {
			downs++
		}
	}
	if hi < lo+3 || downs == 0 {
		t.Errorf("the scenario does not exercise the autoscaler: simulate goes from %d up to %d with %d scale-downs", lo, hi, downs)
	}
	if bad := disagreements(sim, real, period); len(bad) > 0 {
		if len(bad) > 10 {
			bad = append(bad[:10], fmt.Sprintf("… and %d more", len(bad)-10))
		}
		t.Errorf("replica counts disagree beyond ±1 replica and one sync period (%d s):\n%s\n\n%s", period, strings.Join(bad, "\n"), table)
		return
	}
	t.Logf("agree within ±1 replica and %d s:\n%s", period, table)
}

// disagreements lists the seconds where one side's replica count is not
// matched, within ±1, by the other side within period seconds.
func disagreements(sim, real []sample, period int) []string {
	var bad []string
	for s := 0; s < cpDuration; s++ {
		if !matched(at(sim, s).desired, real, s, period) {
			bad = append(bad, fmt.Sprintf("second %d: simulate %d, cluster %v", s, at(sim, s).desired, window(real, s, period)))
		}
		if !matched(at(real, s).desired, sim, s, period) {
			bad = append(bad, fmt.Sprintf("second %d: cluster %d, simulate %v", s, at(real, s).desired, window(sim, s, period)))
		}
	}
	return bad
}

// trajectoryTable shows both sides at every sync.
func trajectoryTable(sim, real []sample, period int) string {
	var table bytes.Buffer
	fmt.Fprintf(&table, "%6s %18s %18s %16s %s\n", "second", "simulate desired", "cluster desired", "backlog sim/real", "metric reads (cluster)")
	for s := 0; s < cpDuration; s += period {
		var reads []string
		for d := range period {
			reads = append(reads, strconv.Itoa(at(real, s+d).reads))
		}
		fmt.Fprintf(&table, "%6d %13d/%-4d %13d/%-4d %8.0f/%-7.0f %s\n", s, at(sim, s).desired, at(sim, s).ready,
			at(real, s).desired, at(real, s).ready, at(sim, s).backlog, at(real, s).backlog, strings.Join(reads, " "))
	}
	table.WriteString("(desired/ready replicas; metric reads in each second of the period)\n")
	return table.String()
}

func at(series []sample, s int) sample {
	if s < 0 || s >= len(series) {
		return sample{desired: -1}
	}
	return series[s]
}

// matched reports whether other has a count within ±1 of want within
// period seconds of s.
func matched(want int, other []sample, s, period int) bool {
	for d := -period; d <= period; d++ {
		if o := at(other, s+d); o.desired >= 0 && abs(o.desired-want) <= 1 {
			return true
		}
	}
	return false
}

func window(series []sample, s, period int) []int {
	var w []int
	for d := -period; d <= period; d++ {
		if o := at(series, s+d); o.desired >= 0 {
			w = append(w, o.desired)
		}
	}
	return w
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
