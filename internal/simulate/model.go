package simulate

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/agentscale/agentscale/internal/render"
	"github.com/agentscale/agentscale/internal/simulate/cluster"
	"github.com/agentscale/agentscale/internal/simulate/hpa"
	"github.com/agentscale/agentscale/internal/simulate/keda"
	"github.com/agentscale/agentscale/internal/spec"
)

// roleModel is one driven role's state during a run.
type roleModel struct {
	run     *RoleRun
	group   *cluster.Group
	rates   []float64
	tps     float64
	backlog float64

	hpa     *hpa.Controller // plain HPA, or nil
	metrics []hpa.Metric
	so      *keda.ScaledObject // KEDA, or nil
	sj      *keda.ScaledJob    // KEDA for a Job role, or nil
	// busy maps a Job's pod to when its one task is done.
	busy map[*cluster.Pod]int64
	// taskSeconds is how long a Job works on its task.
	taskSeconds int64
	jobsStarted int
	// workers caps the ready pods that do work (Kafka partitions); 0 = no cap.
	workers int32
	// commitInterval is how often the consumers commit offsets (seconds;
	// 0: after each message); uncommitted counts tasks done since.
	commitInterval int64
	uncommitted    float64
	// byBacklog is set when a metric other than CPU or memory drives the
	// role: a backlog target (Kafka lag, a queue's length, pending tasks).
	byBacklog bool
	// starved is the deepest scale-down below the arrival rate of a role
	// sized by its backlog: when, from and to how many replicas, at what rate.
	starved *starvation
	// nodeSteps sums the role's share of its pool's nodes over the steps.
	nodeSteps float64
}

type starvation struct {
	at       int64
	from, to int32
	rate     float64
}

type model struct {
	set     Settings
	cluster *cluster.Cluster
	roles   []*roleModel
	pools   []*PoolRun
	// poolOf maps a cluster pool to its run.
	poolOf map[*cluster.Pool]*PoolRun
	notes  []string
}

// newModel turns the workloads into the simulated cluster. driven are the
// workloads to drive and report; the others (and headroom) only take room.
func newModel(ws, driven []*workload, nodePools []spec.NodePool, set Settings) (*model, error) {
	m := &model{set: set, poolOf: map[*cluster.Pool]*PoolRun{}}
	var cpools []*cluster.Pool
	specPools := make([]*spec.NodePool, len(nodePools))
	byName := map[string]*cluster.Pool{}
	for i := range nodePools {
		np := &nodePools[i]
		specPools[i] = np
		p := &cluster.Pool{Name: np.Name, Allocatable: resources(np.Allocatable, cluster.DefaultMaxPodsPerNode),
			Min: int(np.MinNodes), Max: int(np.MaxNodes), Provision: spec.DefaultProvisionSeconds, Price: np.PricePerHour}
		if np.ProvisionSeconds != nil {
			p.Provision = int64(*np.ProvisionSeconds)
		}
		byName[np.Name] = p
		cpools = append(cpools, p)
		run := &PoolRun{Name: np.Name, Price: np.PricePerHour, Min: p.Min, Max: p.Max}
		m.pools = append(m.pools, run)
		m.poolOf[p] = run
	}
	isDriven := map[*workload]bool{}
	for _, w := range driven {
		isDriven[w] = true
	}
	var groups []*cluster.Group
	byWorkload := map[*workload]*roleModel{}
	for _, w := range ws {
		g := &cluster.Group{Name: w.name, Startup: w.startup, Budget: budgetOf(w.pdb), Priority: w.priority,
			Request: resources(w.requests(), 0), Replicas: w.initial(),
			NoEvict:    w.pod.Annotations[render.AnnotationSafeToEvict] == "false",
			Expendable: w.priority < render.ExpendablePriorityCutoff}
		g.Request.Pods = 1
		if np := poolFor(w, specPools); np != nil {
			g.Pool = byName[np.Name]
		}
		if w.headroom {
			g.Startup = 0
		}
		groups = append(groups, g)
		if !isDriven[w] {
			continue
		}
		rm, err := newRoleModel(w, g, set)
		if err != nil {
			return nil, err
		}
		byWorkload[w] = rm
	}
	for _, w := range driven {
		m.roles = append(m.roles, byWorkload[w])
	}
	m.cluster = cluster.New(cpools, groups, set.CA)
	m.cluster.Warm()
	return m, nil
}

// budgetOf is a PodDisruptionBudget as the disruption controller counts it.
func budgetOf(pdb *policyv1.PodDisruptionBudget) *cluster.Budget {
	if pdb == nil {
		return nil
	}
	v := pdb.Spec.MaxUnavailable
	b := &cluster.Budget{}
	if pdb.Spec.MinAvailable != nil {
		v = pdb.Spec.MinAvailable
	}
	if v == nil {
		return nil
	}
	n := v.IntVal
	if v.Type == intstr.String {
		pct, err := strconv.Atoi(strings.TrimSuffix(v.StrVal, "%"))
		if err != nil {
			return nil
		}
		n, b.Percent = int32(pct), true
	}
	if pdb.Spec.MinAvailable != nil {
		b.MinAvailable = &n
	} else {
		b.MaxUnavailable = &n
	}
	return b
}

func (m *model) notef(format string, args ...any) {
	m.notes = append(m.notes, fmt.Sprintf(format, args...))
}

func newRoleModel(w *workload, g *cluster.Group, set Settings) (*roleModel, error) {
	rm := &roleModel{group: g, tps: w.tps, commitInterval: w.commit}
	lo, hi := w.bounds()
	rm.run = &RoleRun{Name: w.name, Min: lo, Max: hi, TasksPerSecond: w.tps, StartupSeconds: w.startup}
	if g.Pool != nil {
		rm.run.Pool = g.Pool.Name
	}
	requests := podRequests(&w.pod.Spec)
	switch {
	case w.hpa != nil:
		spec, err := hpa.FromObject(w.hpa, requests)
		if err != nil {
			return nil, usagef("role %s: %v", w.name, err)
		}
		rm.metrics = spec.Metrics
		rm.hpa = hpa.New(spec, set.HPA)
		rm.run.Autoscaler = "HPA " + spec.Name + describe(spec, rm.hpa.Tolerance())
	case w.sj != nil:
		sj, err := scaledJob(w, requests, set)
		if err != nil {
			return nil, err
		}
		rm.sj, rm.busy = sj, map[*cluster.Pod]int64{}
		rm.taskSeconds = max(1, int64(math.Ceil(1/rm.tps)))
		rm.run.Autoscaler = "KEDA ScaledJob " + sj.Name + describeJob(sj)
		rm.run.Jobs = true
	case w.so != nil:
		so, err := scaledObject(w, requests, set)
		if err != nil {
			return nil, err
		}
		rm.so = so
		rm.workers = so.ConsumerCap()
		rm.run.Autoscaler = "KEDA " + so.HPA.Spec().Name + describe(so.HPA.Spec(), so.HPA.Tolerance())
	default:
		rm.run.Autoscaler = "none (fixed replicas)"
	}
	metrics := rm.metrics
	if rm.so != nil {
		metrics = rm.so.HPA.Spec().Metrics
	}
	for _, m := range metrics {
		rm.byBacklog = rm.byBacklog || (m.Kind != hpa.Utilization && m.Kind != hpa.ResourceAverage)
	}
	return rm, nil
}

// readings are the HPA's metric values for a plain-HPA role: the backlog
// for Object and External metrics, its share per ready pod for Pods
// metrics, and for CPU and memory one pod's usage: its request times the
// ready pods' busy share.
func (rm *roleModel) readings(util float64, ready int32) []float64 {
	out := make([]float64, len(rm.metrics))
	for i, m := range rm.metrics {
		switch m.Kind {
		case hpa.Utilization, hpa.ResourceAverage:
			out[i] = util / 100 * m.Request
		case hpa.PodsAverage:
			out[i] = math.NaN()
			if ready > 0 {
				out[i] = rm.backlog / float64(ready)
			}
		default:
			out[i] = rm.backlog
		}
	}
	return out
}
