package simulate

import (
	"fmt"

	"github.com/agentscale/agentscale/internal/build"
	"github.com/agentscale/agentscale/internal/simulate/cluster"
	"github.com/agentscale/agentscale/internal/simulate/hpa"
	"github.com/agentscale/agentscale/internal/simulate/keda"
	"github.com/agentscale/agentscale/internal/simulate/load"
	"github.com/agentscale/agentscale/internal/spec"
)

// Run simulates the swarm under opts: the objects it renders
// (build.Objects, with the environment it was loaded with), on its node
// pools, under its spec.cluster settings unless opts.Settings is set.
// Errors are *UsageError (the request cannot be carried out), *load.Error,
// *spec.Error or *ObjectError (the input is wrong).
func Run(s *spec.Swarm, opts Options) (*Result, error) {
	if err := CheckTriggers(s); err != nil {
		return nil, err // at the swarm's line, not the ScaledObject's field
	}
	objs, err := build.Objects(s, build.Options{NoDashboard: true})
	if err != nil {
		return nil, err
	}
	in := Input{Name: s.Metadata.Name, Env: s.Env, Pools: s.Spec.NodePools, Objects: make([]Object, len(objs))}
	for i, o := range objs {
		in.Objects[i] = o.Obj
	}
	if opts.Settings == nil {
		set := SettingsFor(s.Spec.Cluster)
		opts.Settings = &set
	}
	return RunObjects(in, opts)
}

// Input is what RunObjects simulates: Kubernetes objects, and the node
// pools they run on.
type Input struct {
	// Name and Env head the result (the swarm's name and environment).
	Name, Env string
	Objects   []Object
	// Pools are the node pools; nil means those the objects'
	// agentscale.dev/node-pool annotations describe (none: capacity is not
	// modelled).
	Pools []spec.NodePool
}

// RunObjects simulates objects under opts: a swarm's rendered output or
// plain manifests. What a manifest cannot say comes from agentscale.dev/*
// annotations (tasks per second, start-up, Kafka partitions, the node
// pool) or defaults.
func RunObjects(in Input, opts Options) (*Result, error) {
	if err := opts.check(); err != nil {
		return nil, err
	}
	ws, jobs, wnotes, err := workloads(in.Objects)
	if err != nil {
		return nil, err
	}
	driven, notes, err := selectRoles(ws, jobs, opts)
	if err != nil {
		return nil, err
	}
	pools := in.Pools
	if pools == nil {
		if pools = poolsFromAnnotations(ws); len(pools) > 0 {
			// $0.00 would otherwise read as free, not as unknown.
			notes = append(notes, "node pools from the workloads' agentscale.dev/node-pool annotations: no minimum and no price; --cluster (the swarm file, or a kind: Cluster document) gives both")
		}
	}
	if in.Name == "" {
		in.Name = partOf(ws)
	}
	set := DefaultSettings()
	if opts.Settings != nil {
		set = *opts.Settings
	}
	m, err := newModel(ws, driven, pools, set)
	if err != nil {
		return nil, err
	}
	m.notes = append(wnotes, m.notes...)
	n := int(opts.Duration / opts.Step)
	if work := len(m.roles) * n; work > MaxRoleSteps {
		return nil, usagef("%d roles over %d steps is %d role-steps; a run may hold at most %d: raise --step, shorten --duration or pick roles with --role",
			len(m.roles), n, work, MaxRoleSteps)
	}
	res := &Result{Swarm: in.Name, Env: in.Env, Load: opts.Load.Source, Duration: int64(n) * opts.Step,
		Step: opts.Step, Steps: n, Pools: m.pools, Notes: append(notes, m.notes...)}
	for _, rm := range m.roles {
		rm.rates = load.Series(opts.Load.For(rm.run.Name), n, opts.Step)
		rm.run.Series = newRoleSeries(n)
		res.Roles = append(res.Roles, rm.run)
	}
	for _, p := range m.pools {
		p.Nodes = make([]int32, n)
	}
	if k := m.run(n, opts.Step, opts.Stop); k < n {
		truncate(res, k)
	}
	summarize(res)
	for _, rm := range m.roles {
		s := &rm.run.Summary
		s.NodeHours = rm.nodeSteps * float64(opts.Step) / 3600
		s.JobsStarted = rm.jobsStarted
		if rm.group.Pool != nil {
			s.Cost = s.NodeHours * rm.group.Pool.Price
		}
	}
	res.Findings = m.findings(res)
	if end := opts.Load.End; end > float64(res.Duration) {
		res.Notes = append(res.Notes, fmt.Sprintf("the load file runs to %gs; rows after --duration (%ds) are not simulated", end, res.Duration))
	}
	if opts.SummaryOnly {
		for _, r := range res.Roles {
			r.Series = nil
		}
		for _, p := range res.Pools {
			p.Nodes = nil
		}
	}
	return res, nil
}

// truncate cuts a stopped run's series to its first k steps.
func truncate(res *Result, k int) {
	res.Stopped, res.Steps, res.Duration = true, k, int64(k)*res.Step
	for _, r := range res.Roles {
		s := r.Series
		s.Arrivals, s.Backlog, s.Processed = s.Arrivals[:k], s.Backlog[:k], s.Processed[:k]
		s.Desired, s.Ready, s.Starting, s.Pending = s.Desired[:k], s.Ready[:k], s.Starting[:k], s.Pending[:k]
	}
	for _, p := range res.Pools {
		p.Nodes = p.Nodes[:k]
	}
}

func newRoleSeries(n int) *RoleSeries {
	return &RoleSeries{
		Arrivals: make([]float64, n), Backlog: make([]float64, n), Processed: make([]float64, n),
		Desired: make([]int32, n), Ready: make([]int32, n), Starting: make([]int32, n), Pending: make([]int32, n),
	}
}

// run steps the clock. Within a step: tasks arrive, the scheduler binds
// what it can, ready pods work, then the controllers due at this instant
// act (KEDA's poll before the HPA's sync, both before the Cluster
// Autoscaler's scan), and the step is recorded. stop, when set, may end
// the run after any simulated minute; run returns the steps it ran.
func (m *model) run(n int, step int64, stop func(Progress) bool) int {
	var nextSync, nextCA int64
	var progress Progress
	every := max(1, 60/int(step))
	nextPoll := make([]int64, len(m.roles))
	c := m.cluster
	for i := range n {
		now := int64(i) * step
		c.Schedule(now)
		sync := now >= nextSync
		if sync {
			period := m.set.HPA.SyncPeriod
			nextSync += period * ceilDiv(now-nextSync+1, period)
		}
		for k, rm := range m.roles {
			rm.step(i, now, step, sync, &nextPoll[k], c, m.set.HPA)
		}
		c.Schedule(now)
		if now >= nextCA {
			c.Autoscale(now)
			scan := m.set.CA.ScanInterval
			nextCA += scan * ceilDiv(now-nextCA+1, scan)
		}
		for _, rm := range m.roles {
			rm.record(i, now)
		}
		for _, p := range c.Pools {
			nodes := p.NodeCount()
			m.poolOf[p].Nodes[i] = int32(nodes)
			progress.NodeHours += float64(int64(nodes)*step) / 3600
			progress.Cost += float64(int64(nodes)*step) / 3600 * p.Price
		}
		m.attribute()
		if stop != nil && (i+1)%every == 0 && i+1 < n {
			progress.Time = int64(i+1) * step
			if stop(progress) {
				return i + 1
			}
		}
	}
	return n
}

func ceilDiv(a, b int64) int64 { return (a + b - 1) / b }

// cpuCounts are the Ready pods whose CPU sample the HPA still ignores and
// the starting pods past the CPU initialization period, as hpa.Settings
// decides them.
func cpuCounts(g *cluster.Group, now int64, starting int32, set hpa.Settings) (warming, initialized int32) {
	// Cheap bounds first: a warming pod turned Ready less than one metric
	// window ago; a starting pod can be past the initialization period
	// only if the group's start-up is longer.
	warm := g.ReadySince(now - set.MetricWindow)
	past := starting > 0 && set.CPUInitialized(g.Startup, 0)
	if !warm && !past {
		return 0, 0
	}
	for _, p := range g.Pods {
		if !p.Bound {
			continue
		}
		switch started := p.Started(); {
		case now >= p.ReadyAt && set.CPUWarming(now, started, p.ReadyAt):
			warming++
		case now < p.ReadyAt && set.CPUInitialized(now, started):
			initialized++
		}
	}
	return warming, initialized
}

func (rm *roleModel) step(i int, now, step int64, sync bool, nextPoll *int64, c *cluster.Cluster, set hpa.Settings) {
	if rm.sj != nil {
		rm.stepJobs(i, now, step, nextPoll, c)
		return
	}
	ser := rm.run.Series
	rate := rm.rates[i]
	ser.Arrivals[i] = rate
	rm.backlog += rate * float64(step)

	counts := rm.group.Count(now)
	workers := counts.Ready
	if rm.workers > 0 {
		workers = min(workers, rm.workers)
	}
	capacity := float64(workers) * rm.tps * float64(step)
	done := min(rm.backlog, capacity)
	rm.backlog -= done
	if rm.backlog < 1e-9 {
		rm.backlog = 0 // float dust, not a task
	}
	ser.Processed[i] = done
	util := 0.0
	if capacity > 0 {
		util = 100 * done / capacity
	}
	if rm.commitInterval > 0 {
		if now%rm.commitInterval == 0 {
			rm.uncommitted = 0 // the consumers commit what they have processed
		}
		rm.uncommitted += done
	}
	// In flight: the tasks busy replicas hold, one each (Little's law with
	// a service time of 1/tasksPerSecond).
	in := keda.Input{Now: now, Backlog: rm.backlog, InFlight: done / float64(step) / rm.tps, Uncommitted: rm.uncommitted,
		Rate: rate, Utilization: util}
	current := rm.group.Replicas
	desired := current
	if rm.so != nil && now >= *nextPoll {
		desired = rm.so.Poll(desired, in)
		*nextPoll += rm.so.Polling * ceilDiv(now-*nextPoll+1, rm.so.Polling)
	}
	if sync && (rm.so != nil || rm.hpa != nil) {
		in.Pods = hpa.Pods{Ready: counts.Ready, Starting: counts.Starting, Pending: counts.Pending}
		in.Pods.Warming, in.Pods.Initialized = cpuCounts(rm.group, now, counts.Starting, set)
		switch {
		case rm.so != nil:
			desired = rm.so.Sync(desired, in)
		default:
			desired = rm.hpa.Sync(now, desired, in.Pods, rm.readings(util, counts.Ready))
		}
	}
	if rm.byBacklog && desired < current && (rm.starved == nil || desired < rm.starved.to) && rate > 0 && rm.capacity(desired) < rate*(1-1e-9) {
		rm.starved = &starvation{at: now, from: current, to: desired, rate: rate}
	}
	if desired != current {
		c.Scale(rm.group, desired, now)
	}
}

// capacity is the tasks per second replicas ready pods can do.
func (rm *roleModel) capacity(replicas int32) float64 {
	if rm.workers > 0 {
		replicas = min(replicas, rm.workers)
	}
	return float64(replicas) * rm.tps
}

// attribute gives each role its share of its pool's nodes for this step,
// by requests (CPU, else memory, else pods): what a cost tool such as
// Kubecost charges a workload. Capacity nobody requests stays with the pool.
func (m *model) attribute() {
	var pool *cluster.Pool
	var total cluster.Resources
	for _, rm := range m.roles {
		p := rm.group.Pool
		if p == nil || rm.group.Bound() == 0 {
			continue
		}
		if p != pool { // roles of a pool usually sit together; sum once per run of them
			pool, total = p, p.Requested()
		}
		req, n := rm.group.Request, float64(rm.group.Bound())
		var share float64
		switch {
		case total.CPU > 0:
			share = n * float64(req.CPU) / float64(total.CPU)
		case total.Mem > 0:
			share = n * float64(req.Mem) / float64(total.Mem)
		case total.Pods > 0:
			share = n / float64(total.Pods)
		}
		rm.nodeSteps += share * float64(p.NodeCount())
	}
}

func (rm *roleModel) record(i int, now int64) {
	ser := rm.run.Series
	counts := rm.group.Count(now)
	ser.Backlog[i] = rm.backlog
	ser.Desired[i] = rm.group.Replicas
	ser.Ready[i], ser.Starting[i], ser.Pending[i] = counts.Ready, counts.Starting, counts.Pending
}
