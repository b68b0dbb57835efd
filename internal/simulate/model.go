package simulate

import (
	"fmt"
	"math"

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
	// starved is the deepest scale-down below the arrival rate: when, from
	// and to how many replicas, at what rate.
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

// newModel turns the swarm into the simulated cluster. driven are the indices
// of the roles to drive and report.
func newModel(s *spec.Swarm, driven []int, set Settings) (*model, error) {
	m := &model{set: set, poolOf: map[*cluster.Pool]*PoolRun{}}
	objs, err := renderObjects(s)
	if err != nil {
		return nil, err
	}
	pools := map[string]*cluster.Pool{}
	var cpools []*cluster.Pool
	for _, np := range s.Spec.NodePools {
		p := &cluster.Pool{Name: np.Name, Allocatable: resources(np.Allocatable, cluster.DefaultMaxPodsPerNode),
			Min: int(np.MinNodes), Max: int(np.MaxNodes), Provision: spec.DefaultProvisionSeconds, Price: np.PricePerHour}
		if np.ProvisionSeconds != nil {
			p.Provision = int64(*np.ProvisionSeconds)
		}
		pools[np.Name] = p
		cpools = append(cpools, p)
		run := &PoolRun{Name: np.Name, Price: np.PricePerHour, Min: p.Min, Max: p.Max}
		m.pools = append(m.pools, run)
		m.poolOf[p] = run
	}
	poolFor := func(name string) *cluster.Pool {
		if p := pools[name]; p != nil {
			return p
		}
		if len(cpools) > 0 {
			return cpools[0]
		}
		return nil
	}
	isDriven := map[int]bool{}
	for _, i := range driven {
		isDriven[i] = true
	}
	var groups []*cluster.Group
	byIndex := map[int]*roleModel{}
	for i := range s.Spec.Roles {
		r := &s.Spec.Roles[i]
		if !simulated(r) {
			m.notef("role %s is a Job without scaling.keda: plain Jobs are not simulated", r.Name)
			continue
		}
		g := &cluster.Group{Name: r.Name, Pool: poolFor(r.NodePool), Startup: spec.DefaultStartupSeconds, Budget: budget(r)}
		if r.Resources != nil {
			g.Request = resources(r.Resources.Requests, 0)
		}
		g.Request.Pods = 1
		if r.Simulation != nil && r.Simulation.StartupSeconds != nil {
			g.Startup = int64(*r.Simulation.StartupSeconds)
		}
		g.Replicas = initialReplicas(r)
		groups = append(groups, g)
		if !isDriven[i] {
			continue
		}
		rm, err := newRoleModel(s, i, g, objs, set)
		if err != nil {
			return nil, err
		}
		byIndex[i] = rm
	}
	for _, i := range driven {
		if rm := byIndex[i]; rm != nil {
			m.roles = append(m.roles, rm)
		}
	}
	if h := s.Spec.Headroom; h != nil && h.Replicas > 0 {
		g := &cluster.Group{Name: "headroom", Pool: poolFor(h.NodePool), Request: resources(h.Resources.Requests, 0),
			Priority: cluster.HeadroomPriority, Replicas: h.Replicas}
		g.Request.Pods = 1
		groups = append(groups, g)
	}
	m.cluster = cluster.New(cpools, groups, set.CA)
	m.cluster.Warm()
	return m, nil
}

func (m *model) notef(format string, args ...any) {
	m.notes = append(m.notes, fmt.Sprintf(format, args...))
}

func newRoleModel(s *spec.Swarm, i int, g *cluster.Group, objs *rendered, set Settings) (*roleModel, error) {
	r := &s.Spec.Roles[i]
	rm := &roleModel{group: g, tps: spec.DefaultTasksPerSecond}
	if r.Simulation != nil && r.Simulation.TasksPerSecond != nil {
		rm.tps = *r.Simulation.TasksPerSecond
	}
	if r.Simulation != nil && r.Simulation.CommitIntervalSeconds != nil {
		rm.commitInterval = int64(*r.Simulation.CommitIntervalSeconds)
	}
	rm.run = &RoleRun{Name: r.Name, Min: r.Replicas.Min, Max: r.Replicas.Max, TasksPerSecond: rm.tps, StartupSeconds: g.Startup}
	if g.Pool != nil {
		rm.run.Pool = g.Pool.Name
	}
	switch r.Autoscaler() {
	case "hpa":
		h := objs.hpa[i]
		if h == nil {
			return nil, fmt.Errorf("role %s: render wrote no HorizontalPodAutoscaler", r.Name)
		}
		spec, err := hpa.FromObject(h, objs.requests[i])
		if err != nil {
			return nil, usagef("role %s: %v", r.Name, err)
		}
		rm.metrics = spec.Metrics
		rm.hpa = hpa.New(spec, set.HPA)
		rm.run.Autoscaler = "HPA " + spec.Name + describe(spec, rm.hpa.Tolerance())
	case "keda":
		if r.WorkloadKind() == spec.WorkloadJob {
			sj, err := scaledJob(s, i, objs.requests[i], set)
			if err != nil {
				return nil, err
			}
			rm.sj, rm.busy = sj, map[*cluster.Pod]int64{}
			rm.taskSeconds = max(1, int64(math.Ceil(1/rm.tps)))
			rm.run.Autoscaler = "KEDA ScaledJob " + sj.Name + describeJob(sj)
			rm.run.Jobs = true
			return rm, nil
		}
		so, err := scaledObject(s, i, objs.requests[i], set)
		if err != nil {
			return nil, err
		}
		rm.so = so
		rm.workers = so.ConsumerCap()
		rm.run.Autoscaler = "KEDA " + so.HPA.Spec().Name + describe(so.HPA.Spec(), so.HPA.Tolerance())
	default:
		rm.run.Autoscaler = "none (fixed replicas)"
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
