package hpadiff

import (
	"fmt"
	"sort"
	"sync"
	"time"

	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/agentscale/agentscale/internal/simulate/hpa"
)

const (
	namespace = "agents"
	target    = "responder"
	container = "agent"
)

var podLabels = map[string]string{"app.kubernetes.io/name": target}

// scenario is one HPA, its cluster's flags, a load and a pod lifecycle.
// The world it describes is served to the real controller through fake
// clients and to the model as counts and readings.
type scenario struct {
	name     string
	hpa      *autoscalingv2.HorizontalPodAutoscaler // as written, before the API server's defaults
	settings hpa.Settings
	initial  int32
	// cpuRequest is millicores, memRequest bytes, per pod.
	cpuRequest, memRequest int64
	// startup is the seconds from Running to Ready.
	startup int64
	// pendingFor is how long the n-th pod created stays Pending.
	pendingFor func(n int) int64
	// backlog is the Object and External metrics' value at t seconds, in
	// milli-units; cpu and mem are one Running pod's usage (millicores, bytes).
	backlog, cpu, mem func(t int64) int64
	syncs             int
}

// pod is one pod of the target. Times are seconds from the start.
type pod struct {
	name                      string
	created, running, readyAt int64
}

// world is the target's state as of the last snapshot the controller may
// read: the scale, the pods, the metrics.
type world struct {
	sc    *scenario
	epoch time.Time

	mu       sync.Mutex
	now      int64
	replicas int32 // the scale's spec.replicas, as the controller last set it
	pods     []*pod
	created  int
	gets     []time.Duration // when the controller read the scale
}

func newWorld(sc *scenario, epoch time.Time) *world {
	w := &world{sc: sc, epoch: epoch, replicas: sc.initial}
	for range sc.initial {
		// The initial pods were created an hour ago: Ready, past their
		// warm-up, unless the scenario keeps them Pending.
		w.pods = append(w.pods, w.newPod(-3600, sc.pendingFor(w.created)))
	}
	return w
}

func (w *world) newPod(at, pending int64) *pod {
	w.created++
	p := &pod{name: fmt.Sprintf("%s-%04d", target, w.created), created: at, running: at + pending}
	p.readyAt = p.running + w.sc.startup
	return p
}

// reconcile creates and deletes pods to match spec.replicas at t, as a
// ReplicaSet would: new pods start Pending; scale-downs remove the pods
// least far along first (Pending, then not Ready, then the newest Ready),
// at once (no termination grace).
func (w *world) reconcile(t int64) {
	for int32(len(w.pods)) < w.replicas {
		w.pods = append(w.pods, w.newPod(t, w.sc.pendingFor(w.created)))
	}
	if surplus := len(w.pods) - int(w.replicas); surplus > 0 {
		sort.SliceStable(w.pods, func(i, j int) bool { return rank(w.pods[i], t) < rank(w.pods[j], t) })
		w.pods = w.pods[surplus:]
		sort.SliceStable(w.pods, func(i, j int) bool { return w.pods[i].name < w.pods[j].name })
	}
}

// rank orders pods for deletion: lower goes first.
func rank(p *pod, t int64) int64 {
	switch {
	case p.running > t:
		return -3e9 + p.created
	case p.readyAt > t:
		return -2e9 - p.running
	}
	return -p.readyAt
}

// state is the pod's phase at t: 0 Pending, 1 Running, 2 Ready.
func (p *pod) state(t int64) int {
	switch {
	case t < p.running:
		return 0
	case t < p.readyAt:
		return 1
	}
	return 2
}

func (w *world) at(t int64) time.Time { return w.epoch.Add(time.Duration(t) * time.Second) }

// object is the Pod as the API server would hold it at t.
func (w *world) object(p *pod, t int64) *corev1.Pod {
	o := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: p.name, Namespace: namespace, Labels: podLabels,
			CreationTimestamp: metav1.NewTime(w.at(p.created))},
		Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: container, Image: "agent:1",
			Resources: corev1.ResourceRequirements{Requests: corev1.ResourceList{
				corev1.ResourceCPU:    *resource.NewMilliQuantity(w.sc.cpuRequest, resource.DecimalSI),
				corev1.ResourceMemory: *resource.NewQuantity(w.sc.memRequest, resource.BinarySI),
			}}}}},
		Status: corev1.PodStatus{Phase: corev1.PodPending},
	}
	if t < p.running {
		return o
	}
	o.Status.Phase = corev1.PodRunning
	o.Status.StartTime = ptr(metav1.NewTime(w.at(p.running)))
	ready := corev1.PodCondition{Type: corev1.PodReady, Status: corev1.ConditionFalse, LastTransitionTime: metav1.NewTime(w.at(p.running))}
	if t >= p.readyAt {
		ready.Status, ready.LastTransitionTime = corev1.ConditionTrue, metav1.NewTime(w.at(p.readyAt))
	}
	o.Status.Conditions = []corev1.PodCondition{ready}
	return o
}

// counts is the model's view of the pods at t.
func (w *world) counts(t int64) hpa.Pods {
	var c hpa.Pods
	for _, p := range w.pods {
		switch {
		case t < p.running:
			c.Pending++
		case t < p.readyAt:
			c.Starting++
			if w.sc.settings.CPUInitialized(t, p.running) {
				c.Initialized++
			}
		default:
			c.Ready++
			if w.sc.settings.CPUWarming(t, p.running, p.readyAt) {
				c.Warming++
			}
		}
	}
	return c
}

// perPod is the Pods metric's value on each Ready pod at t: the backlog
// shared out, rounded up to a milli-unit.
func (w *world) perPod(t int64) int64 {
	ready := w.counts(t).Ready
	if ready == 0 {
		return 0
	}
	b := w.sc.backlog(t)
	return (b + int64(ready) - 1) / int64(ready)
}

// readings are the model's inputs at t, one per metric, in the units
// internal/simulate/hpa reads: values, cores, bytes.
func (w *world) readings(metrics []hpa.Metric, t int64) []float64 {
	out := make([]float64, len(metrics))
	for i, m := range metrics {
		switch m.Kind {
		case hpa.PodsAverage:
			out[i] = float64(w.perPod(t)) / 1000
		case hpa.Utilization, hpa.ResourceAverage:
			if m.Name == "cpu" {
				out[i] = float64(w.sc.cpu(t)) / 1000
			} else {
				out[i] = float64(w.sc.mem(t))
			}
		default:
			out[i] = float64(w.sc.backlog(t)) / 1000
		}
	}
	return out
}

func ptr[T any](v T) *T { return &v }
