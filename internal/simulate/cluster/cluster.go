package cluster

import (
	"sort"
)

// Cluster is the pools, the groups of pods, and the Cluster Autoscaler's
// memory (when it last scaled up).
type Cluster struct {
	Pools  []*Pool
	Groups []*Group
	set    Settings
	// lastScaleUp is the time of the last scale-up, for --scale-down-delay-after-add.
	lastScaleUp int64
	// pending counts unbound pods, so the scheduler is skipped when idle.
	pending int
	// changed says something that can let a pending pod fit happened
	// since the scheduler's last pass (a pod or node came or went); until
	// then, and until the next node is ready (nextReady), a pass would
	// bind nothing it could not bind before, so it is skipped.
	changed   bool
	nextReady int64
}

// New returns a cluster of pools and groups; call Warm before the first step.
func New(pools []*Pool, groups []*Group, set Settings) *Cluster {
	return &Cluster{Pools: pools, Groups: groups, set: set, lastScaleUp: -set.ScaleDownDelayAfterAdd}
}

// Warm puts the cluster in its steady state at time 0: every group at its
// replica count with ready pods, on the fewest ready nodes (at least each
// pool's minimum) that hold them.
func (c *Cluster) Warm() {
	for _, p := range c.Pools {
		for len(p.Nodes) < p.Min {
			c.addNode(p, 0, 0)
		}
	}
	for _, g := range c.Groups {
		for range g.Replicas {
			c.newPod(g, 0)
		}
	}
	for {
		c.Schedule(0)
		grew := false
		for _, p := range c.Pools {
			if c.pendingFits(p) && len(p.Nodes) < p.Max {
				c.addNode(p, 0, 0)
				grew = true
			}
		}
		if !grew {
			break
		}
	}
	// A warm cluster has finished starting up.
	for _, g := range c.Groups {
		for _, p := range g.Pods {
			if p.Bound {
				p.ReadyAt = 0
			}
		}
		g.lastReadyAt = 0
	}
}

// pendingFits reports whether a pending pod of the pool would fit an empty node.
func (c *Cluster) pendingFits(pool *Pool) bool {
	for _, g := range c.Groups {
		if g.Pool != pool || !g.Request.fits(pool.Allocatable) {
			continue
		}
		for _, p := range g.Pods {
			if !p.Bound {
				return true
			}
		}
	}
	return false
}

func (c *Cluster) addNode(p *Pool, now, readyAt int64) *Node {
	p.nextID++
	n := &Node{ID: p.nextID, Pool: p, Created: now, ReadyAt: readyAt, unneededSince: neverUnneeded}
	p.Nodes = append(p.Nodes, n)
	c.changed = true
	return n
}

func (c *Cluster) newPod(g *Group, now int64) *Pod {
	c.changed = true
	p := &Pod{Group: g, Created: now}
	g.Pods = append(g.Pods, p)
	g.pending++
	if g.Pool == nil {
		c.pending++ // bind takes it back
		c.bind(p, nil, now)
	} else {
		c.pending++
	}
	return p
}

func (c *Cluster) bind(p *Pod, n *Node, now int64) {
	g := p.Group
	p.Node, p.Bound, p.ReadyAt = n, true, now+g.Startup
	g.pending--
	g.bound++
	g.lastReadyAt = max(g.lastReadyAt, p.ReadyAt)
	c.pending--
	if n != nil {
		n.Used = n.Used.add(g.Request)
		n.Pods = append(n.Pods, p)
	}
}

// remove deletes a pod from its node and its group.
func (c *Cluster) remove(p *Pod) {
	c.changed = true
	if n := p.Node; n != nil {
		n.Used = n.Used.sub(p.Group.Request)
		n.Pods = deletePod(n.Pods, p)
	}
	if p.Bound {
		p.Group.bound--
	} else {
		p.Group.pending--
		c.pending--
	}
	p.Group.Pods = deletePod(p.Group.Pods, p)
	p.Gone = true
}

func deletePod(pods []*Pod, p *Pod) []*Pod {
	for i, q := range pods {
		if q == p {
			return append(pods[:i], pods[i+1:]...)
		}
	}
	return pods
}

// Scale sets a group's replica count as its workload controller would:
// new pods start pending; surplus pods go unscheduled first, then not
// ready, then ready, newest first (the ReplicaSet controller's ranking).
func (c *Cluster) Scale(g *Group, replicas int32, now int64) {
	g.Replicas = replicas
	for int32(len(g.Pods)) < replicas {
		c.newPod(g, now)
	}
	extra := len(g.Pods) - int(replicas)
	if extra <= 0 {
		return
	}
	victims := append([]*Pod(nil), g.Pods...)
	sort.SliceStable(victims, func(i, j int) bool {
		a, b := victims[i], victims[j]
		if a.Bound != b.Bound {
			return !a.Bound
		}
		ra, rb := now >= a.ReadyAt, now >= b.ReadyAt
		if ra != rb {
			return !ra
		}
		return a.Created > b.Created
	})
	for _, p := range victims[:extra] {
		c.remove(p)
	}
}

// evict deletes a pod; its workload controller recreates it at once, and
// the new pod starts pending.
func (c *Cluster) evict(p *Pod, now int64) {
	c.remove(p)
	c.newPod(p.Group, now)
}

// NodeCount is the pool's nodes, ready and provisioning (both are billed).
func (p *Pool) NodeCount() int { return len(p.Nodes) }

// Requested is what the pool's bound pods request, summed over its nodes.
func (p *Pool) Requested() Resources {
	var r Resources
	for _, n := range p.Nodes {
		r = r.add(n.Used)
	}
	return r
}

// Bound is the number of the group's pods placed on a node (or, without a
// pool, running).
func (g *Group) Bound() int32 { return g.bound }

// Start adds n pods to a group whose pods run to completion (the Jobs a
// ScaledJob creates); each raises the group's count until it completes.
func (c *Cluster) Start(g *Group, n int64, now int64) {
	for range n {
		g.Replicas++
		c.newPod(g, now)
	}
}

// Complete removes a pod whose Job finished.
func (c *Cluster) Complete(p *Pod) {
	p.Group.Replicas--
	c.remove(p)
}
