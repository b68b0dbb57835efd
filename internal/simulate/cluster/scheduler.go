package cluster

import (
	"math"
	"sort"
)

// Schedule binds pending pods to ready nodes as kube-scheduler would: higher
// priority first, then oldest; among the nodes that fit, the least
// allocated (NodeResourcesFit's default LeastAllocated score). A pod that
// fits nowhere may pre-empt lower-priority pods (the headroom pause pods),
// choosing the node with the fewest victims.
func (c *Cluster) Schedule(now int64) {
	if c.pending == 0 || !c.changed && now < c.nextReady {
		return
	}
	defer c.settled(now)
	var queue []*Pod
	for _, g := range c.Groups {
		for _, p := range g.Pods {
			if !p.Bound {
				queue = append(queue, p)
			}
		}
	}
	sort.SliceStable(queue, func(i, j int) bool {
		a, b := queue[i], queue[j]
		if a.Group.Priority != b.Group.Priority {
			return a.Group.Priority > b.Group.Priority
		}
		return a.Created < b.Created
	})
	// A group that did not fit once will not fit again in this pass unless
	// something was pre-empted.
	blocked := map[*Group]bool{}
	for _, p := range queue {
		if p.Bound || blocked[p.Group] {
			continue // a pre-empted pod re-queued below, or a full group
		}
		if n := bestFit(p.Group, now); n != nil {
			c.bind(p, n, now)
			continue
		}
		if n, victims := c.preemption(p, now); n != nil {
			for _, v := range victims {
				c.evict(v, now)
			}
			c.bind(p, n, now)
			blocked = map[*Group]bool{}
			continue
		}
		blocked[p.Group] = true
	}
}

// settled records that the pending pods left are blocked until something
// changes or the next node becomes ready.
func (c *Cluster) settled(now int64) {
	c.changed = false
	c.nextReady = math.MaxInt64
	for _, p := range c.Pools {
		for _, n := range p.Nodes {
			if n.ReadyAt > now {
				c.nextReady = min(c.nextReady, n.ReadyAt)
			}
		}
	}
}

func bestFit(g *Group, now int64) *Node {
	var best *Node
	bestScore := -1.0
	for _, n := range g.Pool.Nodes {
		if !n.ready(now) || !g.Request.fits(n.free()) {
			continue
		}
		if s := leastAllocated(n, g.Request); s > bestScore {
			best, bestScore = n, s
		}
	}
	return best
}

// leastAllocated scores the free share of CPU and memory after placing req.
func leastAllocated(n *Node, req Resources) float64 {
	a, f := n.Pool.Allocatable, n.free().sub(req)
	s := 0.0
	if a.CPU > 0 {
		s += float64(f.CPU) / float64(a.CPU)
	}
	if a.Mem > 0 {
		s += float64(f.Mem) / float64(a.Mem)
	}
	return s
}

// preemption finds the node where evicting the fewest lower-priority pods
// makes room for p.
func (c *Cluster) preemption(p *Pod, now int64) (*Node, []*Pod) {
	var best *Node
	var bestVictims []*Pod
	for _, n := range p.Group.Pool.Nodes {
		if !n.ready(now) {
			continue
		}
		free := n.free()
		var victims []*Pod
		for _, q := range n.Pods {
			if p.Group.Request.fits(free) {
				break
			}
			if q.Group.Priority < p.Group.Priority {
				victims = append(victims, q)
				free = free.add(q.Group.Request)
			}
		}
		if len(victims) == 0 || !p.Group.Request.fits(free) {
			continue
		}
		if best == nil || len(victims) < len(bestVictims) {
			best, bestVictims = n, victims
		}
	}
	return best, bestVictims
}
