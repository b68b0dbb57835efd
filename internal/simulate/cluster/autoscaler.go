package cluster

import "sort"

// Autoscale is one Cluster Autoscaler scan (RunOnce) at now: scale up
// pools for pods the scheduler could not place, then track unneeded nodes
// and remove those unneeded long enough. It returns the nodes added and
// removed.
func (c *Cluster) Autoscale(now int64) (added, removed int) {
	for _, p := range c.Pools {
		added += c.scaleUp(p, now)
	}
	if added > 0 {
		c.lastScaleUp = now
	}
	for _, p := range c.Pools {
		c.markUnneeded(p, now)
	}
	// Unneeded nodes are tracked during the cooldown, removed after it.
	if added > 0 || now-c.lastScaleUp < ScaleDownDelayAfterAdd {
		return added, 0
	}
	for _, p := range c.Pools {
		removed += c.scaleDown(p, now)
	}
	return added, removed
}

// scaleUp adds the nodes the pool's pending pods need beyond the room on
// nodes already coming up, estimated by first-fit binpacking onto empty
// template nodes (the BinpackingNodeEstimator), up to the pool's maximum.
func (c *Cluster) scaleUp(p *Pool, now int64) int {
	room := p.Max - len(p.Nodes) // nodes the pool may still add
	if room <= 0 {
		return 0
	}
	var pods []*Pod
	for _, g := range c.Groups {
		if g.Pool != p {
			continue
		}
		for _, q := range g.Pods {
			if !q.Bound && q.Group.Request.fits(p.Allocatable) {
				pods = append(pods, q)
			}
		}
	}
	if len(pods) == 0 {
		return 0
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
			continue
		}
		bins = append(bins, p.Allocatable.sub(size))
	}
	need := min(len(bins)-upcoming, room)
	for range need {
		c.addNode(p, now+p.Provision)
	}
	return max(need, 0)
}

// markUnneeded updates which ready nodes are scale-down candidates: below
// the utilization threshold, with every pod movable to another node and
// allowed to go by its PodDisruptionBudget. Candidates are taken emptiest
// first, and the room they are planned to use elsewhere is reserved, as the
// planner does, so two candidates never count on the same free space.
func (c *Cluster) markUnneeded(p *Pool, now int64) {
	var cands []*Node
	for _, n := range p.Nodes {
		if n.ready(now) && n.utilization() < ScaleDownUtilization {
			cands = append(cands, n)
		} else {
			n.unneededSince = neverUnneeded
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].utilization() < cands[j].utilization() })
	reserved := map[*Node]Resources{}
	removing := map[*Node]bool{}
	budget := map[*Group]int32{}
	spare := len(p.Nodes) - p.Min
	for _, n := range cands {
		if spare <= 0 || !c.drainable(n, now, reserved, removing, budget) {
			n.unneededSince = neverUnneeded
			continue
		}
		removing[n] = true
		spare--
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

// scaleDown removes nodes unneeded for ScaleDownUnneededTime: empty ones in
// bulk, at most one that still runs pods per scan. Drained pods are
// recreated and start over on the remaining nodes.
func (c *Cluster) scaleDown(p *Pool, now int64) int {
	removed, drained := 0, false
	for i := 0; i < len(p.Nodes); i++ {
		n := p.Nodes[i]
		if n.unneededSince == neverUnneeded || now-n.unneededSince < ScaleDownUnneededTime || len(p.Nodes) <= p.Min {
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
		} else if removed >= MaxEmptyBulkDelete {
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
