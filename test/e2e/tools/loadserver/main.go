// Command loadserver plays the work queue of a swarm for the control-plane
// e2e (test/e2e/controlplane_test.go): it replays a scripted load into one
// queue per role, drains each queue by the role's Ready pods as they are in
// the cluster, and serves the queue lengths the way a cluster would:
//
//   - as custom metrics (custom.metrics.k8s.io, an aggregated API server built
//     on sigs.k8s.io/custom-metrics-apiserver): an Object metric is the role's
//     backlog, a Pods metric is the backlog spread over its Ready pods;
//   - as a Prometheus query API (GET /api/v1/query), for KEDA's prometheus
//     scaler: the query a role's trigger names returns its backlog.
//
// The queue follows agentscale simulate's step rule, once a second from
// POST /start: backlog += arrivals; then Ready pods × tasksPerSecond are
// done. GET /trace returns, per second and role, the backlog, the
// Deployment's (or StatefulSet's) spec.replicas and the pod counts at the
// end of that second, which the test compares with agentscale simulate's
// trace of the same load.
//
// Usage: loadserver --config FILE --http-address 127.0.0.1:PORT
// --secure-port PORT --lister-kubeconfig K --authentication-kubeconfig K
// --authorization-kubeconfig K
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	apimeta "k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	appslisters "k8s.io/client-go/listers/apps/v1"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/component-base/logs"
	"k8s.io/klog/v2"
	"k8s.io/metrics/pkg/apis/custom_metrics"

	basecmd "sigs.k8s.io/custom-metrics-apiserver/pkg/cmd"
	"sigs.k8s.io/custom-metrics-apiserver/pkg/provider"
	"sigs.k8s.io/custom-metrics-apiserver/pkg/provider/helpers"
)

// config is what the test writes: the roles, their metrics and the load.
type config struct {
	Namespace string `json:"namespace"`
	Roles     []role `json:"roles"`
	// Load[role][s] is the arrivals per second during second s; past the
	// end the last value holds.
	Load map[string][]float64 `json:"load"`
}

type role struct {
	Name string `json:"name"`
	// Workload is "Deployment/NAME" or "StatefulSet/NAME".
	Workload       string            `json:"workload"`
	Selector       map[string]string `json:"selector"`
	TasksPerSecond float64           `json:"tasksPerSecond"`
	ObjectMetric   string            `json:"objectMetric,omitempty"`
	PodsMetric     string            `json:"podsMetric,omitempty"`
	Query          string            `json:"query,omitempty"`
}

// queues holds the state the metrics read and the trace.
type queues struct {
	cfg         config
	pods        corelisters.PodLister
	deployments appslisters.DeploymentLister
	statefulSet appslisters.StatefulSetLister

	mu      sync.Mutex
	started bool
	backlog map[string]float64
	trace   strings.Builder
	// queries counts, per role, the reads of its metrics since the last
	// step (an HPA sync or a KEDA poll each read once); lastQuery is when
	// each role's metric was last read, which lets the test start the load
	// in phase with the controllers' syncs.
	queries   map[string]int
	lastQuery map[string]time.Time
}

func main() {
	logs.InitLogs()
	defer logs.FlushLogs()

	cmd := &basecmd.AdapterBase{Name: "agentscale-e2e-loadserver"}
	var configFile, httpAddress string
	cmd.Flags().StringVar(&configFile, "config", "", "the roles and the load (JSON)")
	cmd.Flags().StringVar(&httpAddress, "http-address", "127.0.0.1:0", "address of the control and Prometheus API")
	logs.AddFlags(cmd.Flags())
	if err := cmd.Flags().Parse(os.Args); err != nil {
		klog.Fatalf("parsing flags: %v", err)
	}
	data, err := os.ReadFile(configFile)
	if err != nil {
		klog.Fatalf("reading the config: %v", err)
	}
	q := &queues{backlog: map[string]float64{}, queries: map[string]int{}, lastQuery: map[string]time.Time{}}
	if err := json.Unmarshal(data, &q.cfg); err != nil {
		klog.Fatalf("parsing %s: %v", configFile, err)
	}
	factory, err := cmd.Informers()
	if err != nil {
		klog.Fatalf("informers: %v", err)
	}
	q.pods = factory.Core().V1().Pods().Lister()
	q.deployments = factory.Apps().V1().Deployments().Lister()
	q.statefulSet = factory.Apps().V1().StatefulSets().Lister()

	mapper, err := cmd.RESTMapper()
	if err != nil {
		klog.Fatalf("REST mapper: %v", err)
	}
	cmd.WithCustomMetrics(&customMetrics{q: q, mapper: mapper})

	l, err := net.Listen("tcp", httpAddress)
	if err != nil {
		klog.Fatalf("listening on %s: %v", httpAddress, err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /start", q.start)
	mux.HandleFunc("GET /trace", q.serveTrace)
	mux.HandleFunc("GET /queries", q.serveQueries)
	mux.HandleFunc("GET /api/v1/query", q.promQuery)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "ok") })
	go func() { klog.Fatal(http.Serve(l, mux)) }()
	klog.Infof("control API on http://%s", l.Addr())

	// Run starts the informers (the API server's post-start hook).
	if err := cmd.Run(context.Background()); err != nil {
		klog.Fatalf("running the metrics API server: %v", err)
	}
}

// start starts the clock at ?at=UNIX_NANOSECONDS (default now): second 0's
// step runs then. A second call is refused.
func (q *queues) start(w http.ResponseWriter, req *http.Request) {
	t0 := time.Now()
	if at := req.URL.Query().Get("at"); at != "" {
		ns, err := strconv.ParseInt(at, 10, 64)
		if err != nil {
			http.Error(w, "at: "+err.Error(), http.StatusBadRequest)
			return
		}
		t0 = time.Unix(0, ns)
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.started {
		http.Error(w, "already started", http.StatusConflict)
		return
	}
	q.started = true
	q.trace.WriteString("time_s,role,arrivals,backlog,desired_replicas,ready_replicas,pods,metric_reads\n")
	go func() {
		for s := 0; ; s++ {
			time.Sleep(time.Until(t0.Add(time.Duration(s) * time.Second)))
			q.step(s)
		}
	}()
	fmt.Fprintln(w, "started")
}

// serveQueries returns, per role, when its metric was last read (Unix
// nanoseconds).
func (q *queues) serveQueries(w http.ResponseWriter, _ *http.Request) {
	q.mu.Lock()
	defer q.mu.Unlock()
	out := map[string]int64{}
	for r, t := range q.lastQuery {
		out[r] = t.UnixNano()
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(out)
}

// read returns a role's backlog and counts the read. The caller holds mu.
func (q *queues) read(r role) float64 {
	q.queries[r.Name]++
	q.lastQuery[r.Name] = time.Now()
	return q.backlog[r.Name]
}

// step is one second of the queue: arrivals, then the Ready pods' work. It
// first records second s-1 as it ended: its backlog, and the replicas and
// pods after the syncs that read it, as simulate's rows do.
func (q *queues) step(s int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, r := range q.cfg.Roles {
		ready, pods := q.podCounts(r)
		if s > 0 {
			fmt.Fprintf(&q.trace, "%d,%s,%g,%g,%d,%d,%d,%d\n", s-1, r.Name, rateAt(q.cfg.Load[r.Name], s-1), q.backlog[r.Name],
				q.desired(r), ready, pods, q.queries[r.Name])
		}
		q.queries[r.Name] = 0
		b := q.backlog[r.Name] + rateAt(q.cfg.Load[r.Name], s)
		b -= math.Min(b, float64(ready)*r.TasksPerSecond)
		q.backlog[r.Name] = b
	}
}

func rateAt(series []float64, s int) float64 {
	if len(series) == 0 {
		return 0
	}
	return series[min(s, len(series)-1)]
}

// podCounts returns the role's Ready pods and all its pods not being deleted.
func (q *queues) podCounts(r role) (ready, all int) {
	for _, p := range q.rolePods(r) {
		all++
		if isReady(p) {
			ready++
		}
	}
	return ready, all
}

func (q *queues) rolePods(r role) []*corev1.Pod {
	pods, err := q.pods.Pods(q.cfg.Namespace).List(labels.SelectorFromSet(r.Selector))
	if err != nil {
		klog.Errorf("listing pods of %s: %v", r.Name, err)
		return nil
	}
	live := pods[:0]
	for _, p := range pods {
		if p.DeletionTimestamp == nil {
			live = append(live, p)
		}
	}
	sort.Slice(live, func(i, j int) bool { return live[i].Name < live[j].Name })
	return live
}

func isReady(p *corev1.Pod) bool {
	if p.Status.Phase != corev1.PodRunning {
		return false
	}
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

// desired is the workload's spec.replicas: what the HPA last wrote.
func (q *queues) desired(r role) int {
	kind, name, _ := strings.Cut(r.Workload, "/")
	var replicas *int32
	switch kind {
	case "Deployment":
		if d, err := q.deployments.Deployments(q.cfg.Namespace).Get(name); err == nil {
			replicas = d.Spec.Replicas
		}
	case "StatefulSet":
		if s, err := q.statefulSet.StatefulSets(q.cfg.Namespace).Get(name); err == nil {
			replicas = s.Spec.Replicas
		}
	}
	if replicas == nil {
		return -1
	}
	return int(*replicas)
}

func (q *queues) serveTrace(w http.ResponseWriter, _ *http.Request) {
	q.mu.Lock()
	defer q.mu.Unlock()
	w.Header().Set("Content-Type", "text/csv")
	fmt.Fprint(w, q.trace.String())
}

func (q *queues) roleBy(match func(role) bool) (role, bool) {
	for _, r := range q.cfg.Roles {
		if match(r) {
			return r, true
		}
	}
	return role{}, false
}

// promQuery answers Prometheus' instant query API with the backlog of the
// role whose trigger names the query, as one sample without labels.
func (q *queues) promQuery(w http.ResponseWriter, req *http.Request) {
	query := req.URL.Query().Get("query")
	r, ok := q.roleBy(func(r role) bool { return r.Query != "" && r.Query == query })
	w.Header().Set("Content-Type", "application/json")
	if !ok {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"status":"error","errorType":"bad_data","error":%q}`, "no role answers "+query)
		return
	}
	q.mu.Lock()
	b := q.read(r)
	q.mu.Unlock()
	now := float64(time.Now().UnixMilli()) / 1000
	fmt.Fprintf(w, `{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[%.3f,%q]}]}}`,
		now, strconv.FormatFloat(b, 'f', -1, 64))
}

// customMetrics serves the backlogs through custom.metrics.k8s.io.
type customMetrics struct {
	q      *queues
	mapper apimeta.RESTMapper
}

func (c *customMetrics) GetMetricByName(_ context.Context, name types.NamespacedName, info provider.CustomMetricInfo, _ labels.Selector) (*custom_metrics.MetricValue, error) {
	r, ok := c.q.roleBy(func(r role) bool { return r.ObjectMetric == info.Metric })
	if !ok {
		return nil, provider.NewMetricNotFoundForError(info.GroupResource, info.Metric, name.Name)
	}
	ref, err := helpers.ReferenceFor(c.mapper, name, info)
	if err != nil {
		return nil, err
	}
	c.q.mu.Lock()
	b := c.q.read(r)
	c.q.mu.Unlock()
	return &custom_metrics.MetricValue{
		DescribedObject: ref,
		Metric:          custom_metrics.MetricIdentifier{Name: info.Metric},
		Timestamp:       metav1.Now(),
		Value:           *resource.NewMilliQuantity(int64(math.Ceil(b*1000)), resource.DecimalSI),
	}, nil
}

// GetMetricBySelector serves a Pods metric: every Ready pod of the role
// reports an equal share of the backlog (Prometheus scrapes Ready endpoints
// only, so pods still starting have no sample).
func (c *customMetrics) GetMetricBySelector(_ context.Context, namespace string, selector labels.Selector, info provider.CustomMetricInfo, _ labels.Selector) (*custom_metrics.MetricValueList, error) {
	r, ok := c.q.roleBy(func(r role) bool { return r.PodsMetric == info.Metric })
	if !ok {
		return nil, provider.NewMetricNotFoundError(info.GroupResource, info.Metric)
	}
	c.q.mu.Lock()
	defer c.q.mu.Unlock()
	b := c.q.read(r)
	var ready []*corev1.Pod
	for _, p := range c.q.rolePods(r) {
		if isReady(p) && selector.Matches(labels.Set(p.Labels)) {
			ready = append(ready, p)
		}
	}
	list := &custom_metrics.MetricValueList{}
	if len(ready) == 0 {
		return list, nil
	}
	share := int64(math.Ceil(b * 1000 / float64(len(ready))))
	for _, p := range ready {
		list.Items = append(list.Items, custom_metrics.MetricValue{
			DescribedObject: custom_metrics.ObjectReference{APIVersion: "v1", Kind: "Pod", Name: p.Name, Namespace: namespace},
			Metric:          custom_metrics.MetricIdentifier{Name: info.Metric},
			Timestamp:       metav1.Now(),
			Value:           *resource.NewMilliQuantity(share, resource.DecimalSI),
		})
	}
	return list, nil
}

// ListAllMetrics is what discovery lists; the HPA does not consult it.
func (c *customMetrics) ListAllMetrics() []provider.CustomMetricInfo {
	var infos []provider.CustomMetricInfo
	for _, r := range c.q.cfg.Roles {
		if r.PodsMetric != "" {
			infos = append(infos, provider.CustomMetricInfo{GroupResource: schema.GroupResource{Resource: "pods"}, Namespaced: true, Metric: r.PodsMetric})
		}
	}
	return infos
}
