package simulate

// RoleSummary is what a person asks of a run, per role. Times are seconds.
type RoleSummary struct {
	Arrived   float64 // tasks
	Processed float64 // tasks
	// PeakBacklog is the largest backlog, first reached at PeakBacklogAt.
	PeakBacklog   float64
	PeakBacklogAt int64
	FinalBacklog  float64
	// WorstWait and P95Wait are queueing times (arrival to start of work,
	// first in first out); P95 is over tasks, not steps.
	WorstWait, P95Wait int64
	// WaitAtLeast is set when the worst wait belongs to tasks still queued
	// at the end: it is then a lower bound.
	WaitAtLeast bool
	// DrainAfterPeak is the time from the peak until the backlog is below
	// one task; Drained is false when that never happens.
	DrainAfterPeak int64
	Drained        bool
	// ReplicaHours counts scheduled pods (starting and ready).
	ReplicaHours float64
	PeakDesired  int32
	PeakReady    int32
	// MinDesired is the smallest desired count over the run.
	MinDesired int32
	// ScaleEvents counts changes of the replica count; Flips counts
	// changes of direction (up then down, or down then up).
	ScaleEvents, Flips int
	// AtMax is the time the desired count sat at the role's maximum.
	AtMax int64
	// Unschedulable is the time with at least one pod Pending.
	Unschedulable int64
	// JobsStarted counts the Jobs a ScaledJob started.
	JobsStarted int
	// NodeHours is the role's share of its pool's node-hours, by requests
	// (see attribute); Cost prices it at the pool's pricePerHour.
	NodeHours, Cost float64
}

// PoolSummary sums a node pool over the run.
type PoolSummary struct {
	NodeHours float64
	Cost      float64
	PeakNodes int32
	// FinalNodes is the count at the end of the run.
	FinalNodes int32
	// Added and Removed count nodes the Cluster Autoscaler added and removed.
	Added, Removed int
}

// Totals sum a run over its reported roles and pools, for sweeps.
type Totals struct {
	PeakBacklog  float64
	WorstWait    int64
	WaitAtLeast  bool
	P95Wait      int64
	ReplicaHours float64
	NodeHours    float64
	Cost         float64
	ScaleEvents  int
	Flips        int
}

func summarize(res *Result) {
	for _, r := range res.Roles {
		r.Summary = summarizeRole(r, res.Step)
	}
	for _, p := range res.Pools {
		p.Summary = summarizePool(p, res.Step)
	}
}

// Totals returns the run's totals over its roles and pools.
func (res *Result) Totals() Totals {
	var t Totals
	for _, r := range res.Roles {
		s := r.Summary
		t.PeakBacklog = max(t.PeakBacklog, s.PeakBacklog)
		t.WorstWait = max(t.WorstWait, s.WorstWait)
		t.P95Wait = max(t.P95Wait, s.P95Wait)
		t.WaitAtLeast = t.WaitAtLeast || s.WaitAtLeast
		t.ReplicaHours += s.ReplicaHours
		t.ScaleEvents += s.ScaleEvents
		t.Flips += s.Flips
	}
	for _, p := range res.Pools {
		t.NodeHours += p.Summary.NodeHours
		t.Cost += p.Summary.Cost
	}
	return t
}

func summarizeRole(r *RoleRun, step int64) RoleSummary {
	ser := r.Series
	n := len(ser.Backlog)
	var s RoleSummary
	if n == 0 {
		return s
	}
	var podSteps int64
	dir := 0
	s.MinDesired = ser.Desired[0]
	for i := range n {
		s.Arrived += ser.Arrivals[i] * float64(step)
		s.Processed += ser.Processed[i]
		if b := ser.Backlog[i]; b > s.PeakBacklog {
			s.PeakBacklog, s.PeakBacklogAt = b, int64(i)*step
		}
		podSteps += int64(ser.Ready[i] + ser.Starting[i])
		s.PeakDesired = max(s.PeakDesired, ser.Desired[i])
		s.MinDesired = min(s.MinDesired, ser.Desired[i])
		s.PeakReady = max(s.PeakReady, ser.Ready[i])
		if ser.Desired[i] >= r.Max {
			s.AtMax += step
		}
		if ser.Pending[i] > 0 {
			s.Unschedulable += step
		}
		if i > 0 && ser.Desired[i] != ser.Desired[i-1] {
			s.ScaleEvents++
			d := 1
			if ser.Desired[i] < ser.Desired[i-1] {
				d = -1
			}
			if dir != 0 && d != dir {
				s.Flips++
			}
			dir = d
		}
	}
	s.ReplicaHours = float64(podSteps*step) / 3600
	s.FinalBacklog = ser.Backlog[n-1]
	s.Drained = true
	if s.PeakBacklog >= 1 {
		s.Drained = false
		p := int(s.PeakBacklogAt / step)
		for j := p; j < n; j++ {
			if ser.Backlog[j] < 1 {
				s.DrainAfterPeak, s.Drained = int64(j-p)*step, true
				break
			}
		}
	}
	s.WorstWait, s.P95Wait, s.WaitAtLeast = waits(ser, step)
	return s
}

// waits computes first-in-first-out queueing times from cumulative
// arrivals and completions: the tasks arriving in step i start in the
// first step j whose completions reach them; they waited (j-i) steps.
// A histogram over whole steps keeps it linear.
func waits(ser *RoleSeries, step int64) (worst, p95 int64, atLeast bool) {
	n := len(ser.Arrivals)
	hist := make([]float64, n+1)
	var arrived, done, total float64
	worstDone, worstOpen := -1, -1 // in steps: served tasks, tasks still waiting
	j := 0
	for i := range n {
		a := ser.Arrivals[i] * float64(step)
		arrived += a
		if a <= 0 {
			continue
		}
		eps := 1e-9 * max(1, arrived)
		for j < n && (j < i || done+ser.Processed[j] < arrived-eps) {
			done += ser.Processed[j]
			j++
		}
		k := j - i
		if j >= n {
			k = n - i
			worstOpen = max(worstOpen, k)
		} else {
			worstDone = max(worstDone, k)
		}
		hist[k] += a
		total += a
	}
	if total == 0 {
		return 0, 0, false
	}
	var cum float64
	p95 = -1
	for k, w := range hist {
		if w == 0 {
			continue
		}
		cum += w
		if p95 < 0 && cum >= 0.95*total {
			p95 = int64(k) * step
		}
	}
	// Tasks still queued at the end waited at least until the end; that
	// bound matters only when it is the worst.
	atLeast = worstOpen >= 0 && worstOpen >= worstDone
	return int64(max(worstDone, worstOpen)) * step, p95, atLeast
}

func summarizePool(p *PoolRun, step int64) PoolSummary {
	var s PoolSummary
	var nodeSteps int64
	for i, nodes := range p.Nodes {
		nodeSteps += int64(nodes)
		s.PeakNodes = max(s.PeakNodes, nodes)
		if i > 0 {
			if d := nodes - p.Nodes[i-1]; d > 0 {
				s.Added += int(d)
			} else {
				s.Removed -= int(d)
			}
		}
	}
	if len(p.Nodes) > 0 {
		s.FinalNodes = p.Nodes[len(p.Nodes)-1]
	}
	s.NodeHours = float64(nodeSteps*step) / 3600
	s.Cost = s.NodeHours * p.Price
	return s
}
