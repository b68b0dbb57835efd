package cluster

import "sort"

// Autoscale is one Cluster Autoscaler scan (RunOnce) at now: drop nodes
// that failed to come up, scale up pools for pods the scheduler could not
// place, then track unneeded nodes and remove those unneeded long enough.
// It returns the nodes added and removed.
func (c *Cluster) Autoscale(now int64) (added, removed int) {
	for _, p := range c.Pools {
		c.dropFailedNodes(p, now)
	}
	plans := make([]scaleUpPlan, len(c.Pools))
	var help []*Pod
	for i, p := range c.Pools {
		plans[i] = c.planScaleUp(p, now)
		help = append(help, plans[i].help...)
	}
	if len(help) > 0 && allPodsAreNew(help, now) {
		// "Unschedulable pods are very new, waiting one iteration for
		// more": no scale-up, and scale-down is disabled for the loop.
		return 0, 0
	}
	for i, p := range c.Pools {
		for range plans[i].need {
			c.addNode(p, now, now+p.Provision)
		}
		added += plans[i].need
	}
	if added > 0 {
		c.lastScaleUp = now
	}
	for _, p := range c.Pools {
		c.markUnneeded(p, now)
	}
	// Unneeded nodes are tracked during the cooldown, removed after it.
	if added > 0 || now-c.lastScaleUp < c.set.ScaleDownDelayAfterAdd {
		return added, 0
	}
	for _, p := range c.Pools {
		removed += c.scaleDown(p, now)
	}
	return added, removed
}

// allPodsAreNew is static_autoscaler.go's: the oldest pod is younger than
// 2 s, or a pod requests a GPU and the oldest such pod is younger than 30 s.
func allPodsAreNew(pods []*Pod, now int64) bool {
	oldest, oldestGPU, gpu := pods[0].Created, int64(0), false
	for _, q := range pods {
		oldest = min(oldest, q.Created)
		if q.Group.Request.GPU > 0 {
			if !gpu || q.Created < oldestGPU {
				oldestGPU = q.Created
			}
			gpu = true
		}
	}
	return oldest+unschedulablePodTimeBuffer > now || (gpu && oldestGPU+unschedulablePodWithGPUTimeBuffer > now)
}

// dropFailedNodes removes the pool's nodes that did not become ready
// within --max-node-provision-time, and backs the pool off: a failed
// scale-up (clusterstate's long-unregistered nodes and node group backoff).
func (c *Cluster) dropFailedNodes(p *Pool, now int64) {
	kept := p.Nodes[:0]
	failed := false
	for _, n := range p.Nodes {
		if !n.ready(now) && now-n.Created >= c.set.MaxNodeProvisionTime {
			failed = true
			c.changed = true
			continue
		}
		kept = append(kept, n)
	}
	p.Nodes = kept
	if failed {
		p.backoffUntil = now + min(int64(initialBackoff)<<min(p.failures, 3), maxBackoff)
		p.failures++
	}
}

// scaleUpPlan is what one pool's scale-up would add: the nodes, and the
// pods only new nodes can take (unschedulablePodsToHelp).
type scaleUpPlan struct {
	need int
	help []*Pod
}

// planScaleUp estimates the nodes the pool's pending pods need beyond the
// room on nodes already coming up, by first-fit binpacking onto empty
// template nodes (the BinpackingNodeEstimator), up to the pool's maximum.
// Pods younger than --new-pod-scale-up-delay are not considered yet.
func (c *Cluster) planScaleUp(p *Pool, now int64) scaleUpPlan {
	room := p.Max - len(p.Nodes) // nodes the pool may still add
	if room <= 0 || now < p.backoffUntil {
		return scaleUpPlan{}
	}
	var pods []*Pod
	for _, g := range c.Groups {
		// Expendable pods never cause a scale-up (FilterOutExpendablePods).
		if g.Pool != p || g.Expendable {
			continue
		}
		for _, q := range g.Pods {
			if !q.Bound && q.Group.Request.fits(p.Allocatable) && now-q.Created >= c.set.NewPodScaleUpDelay {
				pods = append(pods, q)
			}
		}
	}
	if len(pods) == 0 {
		return scaleUpPlan{}
	}
	// Largest first: fewer nodes for the same pods.
	sort.SliceStable(pods, func(i, j int) bool { return pods[i].Group.Request.CPU > pods[j].Group.Request.CPU })
	var bins []Resources // free room: upcoming nodes, then new ones
	for _, n := range p.Nodes {
		if !n.ready(now) {
			bins = append(bins, n.free())
		}
	}
	upcoming := len(bins)
	// First fit. Bins only shrink, so a bin too small for one pod is too
	// small for the next of the same size: each run of equal requests
	// (one group's pods) resumes where the last one placed a pod, which
	// keeps a scan linear in pods and bins (100,000 pending pods took
	// seconds per scan). Packing stops once the pool could add no more.
	var plan scaleUpPlan
	cursor, size := 0, Resources{}
	for _, q := range pods {
		if len(bins)-upcoming >= room {
			break
		}
		if q.Group.Request != size {
			cursor, size = 0, q.Group.Request
		}
		for cursor < len(bins) && !size.fits(bins[cursor]) {
			cursor++
		}
		if cursor < len(bins) {
			bins[cursor] = bins[cursor].sub(size)
			if cursor >= upcoming {
				plan.help = append(plan.help, q)
			}
			continue
		}
		bins = append(bins, p.Allocatable.sub(size))
		plan.help = append(plan.help, q)
	}
	plan.need = max(min(len(bins)-upcoming, room), 0)
	return plan
}

// markUnneeded updates which ready nodes are scale-down candidates: below
// the utilization threshold, with every pod movable to another node and
// allowed to go by its PodDisruptionBudget. The planner keeps a timer for
// every unneeded node and checks the pool's minimum only when removing;
// nodes already unneeded are simulated first (the previous-candidates
// sorting), oldest timer first, then the emptiest, and the room each is
// planned to use elsewhere is reserved, so two candidates never count on
// the same free space and a newer node cannot restart an older one's timer.
func (c *Cluster) markUnneeded(p *Pool, now int64) {
	var cands []*Node
	for _, n := range p.Nodes {
		if n.ready(now) && n.utilization() < c.set.ScaleDownUtilization {
			cands = append(cands, n)
		} else {
			n.unneededSince = neverUnneeded
		}
	}
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if wa, wb := a.unneededSince != neverUnneeded, b.unneededSince != neverUnneeded; wa != wb {
			return wa
		} else if wa && a.unneededSince != b.unneededSince {
			return a.unneededSince < b.unneededSince
		}
		return a.utilization() < b.utilization()
	})
	reserved := map[*Node]Resources{}
	removing := map[*Node]bool{}
	budget := map[*Group]int32{}
	for _, n := range cands {
		if !c.drainable(n, now, reserved, removing, budget) {
			n.unneededSince = neverUnneeded
			continue
		}
		removing[n] = true
		if n.unneededSince == neverUnneeded {
			n.unneededSince = now
		}
	}
}

// drainable reports whether n's pods can all go elsewhere, reserving their
// new places (and their disruption budget) when they can.
func (c *Cluster) drainable(n *Node, now int64, reserved map[*Node]Resources, removing map[*Node]bool, budget map[*Group]int32) bool {
	plan := map[*Node]Resources{}
	use := map[*Group]int32{}
	for _, q := range n.Pods {
		g := q.Group
		if g.NoEvict {
			return false // "pod annotated as not safe to evict"
		}
		if _, ok := budget[g]; !ok {
			budget[g] = g.allowedDisruptions(now)
		}
		use[g]++
		if use[g] > budget[g] {
			return false // "not enough pod disruption budget"
		}
		placed := false
		for _, m := range n.Pool.Nodes {
			if m == n || removing[m] || !m.ready(now) {
				continue
			}
			free := m.free().sub(reserved[m]).sub(plan[m])
			if g.Request.fits(free) {
				plan[m] = plan[m].add(g.Request)
				placed = true
				break
			}
		}
		if !placed {
			return false
		}
	}
	for m, r := range plan {
		reserved[m] = reserved[m].add(r)
	}
	for g, k := range use {
		budget[g] -= k
	}
	return true
}

// scaleDown removes nodes unneeded for --scale-down-unneeded-time, down to
// the pool's minimum: empty ones in bulk (at most --max-empty-bulk-delete),
// at most one that still runs pods per scan. Drained pods are
// recreated and start over on the remaining nodes.
func (c *Cluster) scaleDown(p *Pool, now int64) int {
	removed, drained := 0, false
	for i := 0; i < len(p.Nodes); i++ {
		n := p.Nodes[i]
		if n.unneededSince == neverUnneeded || now-n.unneededSince < c.set.ScaleDownUnneededTime || len(p.Nodes) <= p.Min {
			continue
		}
		if len(n.Pods) > 0 {
			if drained {
				continue
			}
			drained = true
			for _, q := range append([]*Pod(nil), n.Pods...) {
				c.evict(q, now)
			}
		} else if removed >= c.set.MaxEmptyBulkDelete {
			continue
		}
		p.Nodes = append(p.Nodes[:i], p.Nodes[i+1:]...)
		i--
		removed++
	}
	if removed > 0 {
		c.Schedule(now)
	}
	return removed
}
