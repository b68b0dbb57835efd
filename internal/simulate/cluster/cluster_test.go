package cluster

import (
	"flag"
	"slices"
	"testing"
)

// -update is accepted so `make golden` can run every package; none here.
var _ = flag.Bool("update", false, "rewrite golden files (none in this package)")

func pool(min, max int) *Pool {
	return &Pool{Name: "general", Allocatable: Resources{CPU: 1000, Mem: 1 << 30, Pods: 110}, Min: min, Max: max, Provision: 90}
}

func group(name string, p *Pool, cpu int64, replicas int32) *Group {
	return &Group{Name: name, Pool: p, Request: Resources{CPU: cpu, Mem: 1 << 20, Pods: 1}, Startup: 30, Replicas: replicas}
}

// step advances the cluster the way the engine does: schedule every
// second, scan every --scan-interval.
func step(c *Cluster, from, to int64) {
	for t := from; t <= to; t++ {
		c.Schedule(t)
		if t%DefaultSettings().ScanInterval == 0 {
			c.Autoscale(t)
		}
	}
}

func TestWarm(t *testing.T) {
	p := pool(1, 10)
	g := group("a", p, 400, 5) // two per node
	c := New([]*Pool{p}, []*Group{g}, DefaultSettings())
	c.Warm()
	if len(p.Nodes) != 3 {
		t.Errorf("nodes = %d, want 3", len(p.Nodes))
	}
	if got := g.Count(0); got != (Counts{Ready: 5}) {
		t.Errorf("counts = %+v", got)
	}
}

func TestScaleUpAfterProvisioning(t *testing.T) {
	p := pool(1, 10)
	g := group("a", p, 400, 2)
	c := New([]*Pool{p}, []*Group{g}, DefaultSettings())
	c.Warm()
	c.Scale(g, 6, 1)
	step(c, 1, 10) // the scan at 10 s sees 4 pending pods → 2 nodes
	if len(p.Nodes) != 3 {
		t.Fatalf("nodes = %d after the scan, want 3", len(p.Nodes))
	}
	if got := g.Count(99); got.Pending != 4 {
		t.Errorf("before the nodes are ready: %+v", got)
	}
	step(c, 11, 100) // nodes ready at 10+90
	if got := g.Count(100); got != (Counts{Ready: 2, Starting: 4}) {
		t.Errorf("at 100 s: %+v, want 4 starting", got)
	}
	if got := g.Count(130); got.Ready != 6 {
		t.Errorf("at 130 s: %+v, want all ready after 30 s start-up", got)
	}
}

// Pods below the expendable cutoff wait without a scale-up, as the Cluster
// Autoscaler filters them out (FilterOutExpendablePods).
func TestExpendablePodsAddNoNode(t *testing.T) {
	p := pool(1, 10)
	g := group("pause", p, 400, 2)
	g.Expendable = true
	c := New([]*Pool{p}, []*Group{g}, DefaultSettings())
	c.Warm()
	c.Scale(g, 6, 1)
	step(c, 1, 60)
	if len(p.Nodes) != 1 || g.Count(60).Pending != 4 {
		t.Errorf("nodes %d, pods %+v: want 1 node and 4 pending", len(p.Nodes), g.Count(60))
	}
}

func TestScaleUpStopsAtMax(t *testing.T) {
	p := pool(1, 2)
	g := group("a", p, 600, 1)
	c := New([]*Pool{p}, []*Group{g}, DefaultSettings())
	c.Warm()
	c.Scale(g, 5, 0)
	step(c, 0, 200)
	if len(p.Nodes) != 2 || g.Count(200).Pending != 3 {
		t.Errorf("nodes %d, counts %+v: want 2 nodes and 3 pods pending", len(p.Nodes), g.Count(200))
	}
}

func TestPodsTooBigNeverScaleUp(t *testing.T) {
	p := pool(1, 5)
	g := group("a", p, 2000, 1)
	c := New([]*Pool{p}, []*Group{g}, DefaultSettings())
	c.Warm()
	step(c, 0, 100)
	if len(p.Nodes) != 1 {
		t.Errorf("a pod no node can hold must not add nodes: %d", len(p.Nodes))
	}
}

func TestScaleDown(t *testing.T) {
	tests := []struct {
		name     string
		min      int
		budget   *Budget
		noEvict  bool
		scaledUp int64 // time of the last scale-up
		at       int64 // when a node goes (0: never)
		nodes    int   // nodes left
	}{
		{"unneeded for 10 minutes", 1, nil, false, -600, 600, 1},
		{"not within 10 minutes of a scale-up", 1, nil, false, 100, 700, 1},
		{"never below minNodes", 2, nil, false, -600, 0, 2},
		{"a budget that allows no disruption blocks", 1, &Budget{MinAvailable: ptr(int32(2))}, false, -600, 0, 2},
		{"maxUnavailable 1 allows it", 1, &Budget{MaxUnavailable: ptr(int32(1))}, false, -600, 600, 1},
		{"a pod not safe to evict (a Job's) keeps its node", 1, nil, true, -600, 0, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := pool(2, 10)
			g := group("a", p, 400, 2)
			g.Budget, g.NoEvict = tt.budget, tt.noEvict
			c := New([]*Pool{p}, []*Group{g}, DefaultSettings())
			c.Warm() // two nodes at 40%, one pod each (LeastAllocated spreads)
			p.Min = tt.min
			c.lastScaleUp = tt.scaledUp
			gone := int64(0)
			for now := int64(0); now <= 1500; now++ {
				c.Schedule(now)
				if now%DefaultSettings().ScanInterval == 0 {
					if _, r := c.Autoscale(now); r > 0 && gone == 0 {
						gone = now
					}
				}
			}
			if len(p.Nodes) != tt.nodes || gone != tt.at {
				t.Errorf("nodes %d removed at %d, want %d at %d", len(p.Nodes), gone, tt.nodes, tt.at)
			}
			if got := g.Count(1500); got.Ready != 2 {
				t.Errorf("pods %+v, want 2 ready (a drained pod restarts elsewhere)", got)
			}
		})
	}
}

func TestEmptyNodeAfterScaleDown(t *testing.T) {
	p := pool(1, 10)
	g := group("a", p, 400, 2)
	c := New([]*Pool{p}, []*Group{g}, DefaultSettings())
	c.Warm() // one node, two pods
	c.Scale(g, 4, 1)
	step(c, 1, 299)    // the scan at 10 s adds a node; its pods start at 100 s
	c.Scale(g, 2, 300) // the newest pods go: the new node is empty
	step(c, 300, 1500)
	if len(p.Nodes) != 1 {
		t.Errorf("nodes %d, want 1", len(p.Nodes))
	}
}

func TestUtilizationThreshold(t *testing.T) {
	p := pool(1, 10)
	g := group("a", p, 500, 2) // each node exactly 50%: not below the threshold
	g.Request.Mem = 1 << 29
	c := New([]*Pool{p}, []*Group{g}, DefaultSettings())
	c.Warm()
	c.addNode(p, 0, 0)
	c.Scale(g, 3, 0)
	step(c, 0, 2000)
	if len(p.Nodes) != 2 {
		t.Errorf("nodes %d, want 2 (one at 100%%, one at 50%%)", len(p.Nodes))
	}
}

func TestHeadroomPreemption(t *testing.T) {
	p := pool(1, 10)
	pause := group("headroom", p, 500, 2)
	pause.Priority = HeadroomPriority
	g := group("a", p, 500, 0)
	c := New([]*Pool{p}, []*Group{g, pause}, DefaultSettings())
	c.Warm()
	if len(p.Nodes) != 1 || pause.Count(0).Ready != 2 {
		t.Fatalf("warm: %d nodes, pause %+v", len(p.Nodes), pause.Count(0))
	}
	c.Scale(g, 1, 5)
	c.Schedule(5)
	if got := g.Count(5); got.Starting != 1 {
		t.Errorf("the real pod must pre-empt a pause pod at once: %+v", got)
	}
	if got := pause.Count(5); got.Pending != 1 {
		t.Errorf("the pre-empted pause pod waits: %+v", got)
	}
	step(c, 6, 10)
	if len(p.Nodes) != 2 {
		t.Errorf("the pending pause pod must make room: nodes %d", len(p.Nodes))
	}
}

func TestScaleDownRanking(t *testing.T) {
	p := pool(1, 1)
	g := group("a", p, 400, 2)
	c := New([]*Pool{p}, []*Group{g}, DefaultSettings())
	c.Warm()
	c.Scale(g, 4, 10) // two more, pending: the node is full
	c.Schedule(10)
	c.Scale(g, 2, 20)
	if got := g.Count(20); got != (Counts{Ready: 2}) {
		t.Errorf("pending pods go first: %+v", got)
	}
}

func TestNoPoolBindsAtOnce(t *testing.T) {
	g := group("a", nil, 400, 1)
	c := New(nil, []*Group{g}, DefaultSettings())
	c.Warm()
	c.Scale(g, 3, 5)
	if got := g.Count(5); got != (Counts{Ready: 1, Starting: 2}) {
		t.Errorf("%+v", got)
	}
}

func TestAllowedDisruptions(t *testing.T) {
	tests := []struct {
		b    *Budget
		want int32
	}{
		{nil, 1 << 30},
		{&Budget{MinAvailable: ptr(int32(2))}, 2},
		{&Budget{MaxUnavailable: ptr(int32(1))}, 1},
		{&Budget{MinAvailable: ptr(int32(50)), Percent: true}, 2},   // ceil(50% of 4) = 2 → 4-2
		{&Budget{MaxUnavailable: ptr(int32(30)), Percent: true}, 2}, // ceil(30% of 4) = 2
		{&Budget{MinAvailable: ptr(int32(5))}, 0},
	}
	for _, tt := range tests {
		p := pool(1, 10)
		g := group("a", p, 100, 4)
		g.Budget = tt.b
		c := New([]*Pool{p}, []*Group{g}, DefaultSettings())
		c.Warm()
		if got := g.allowedDisruptions(0); got != tt.want {
			t.Errorf("%+v: %d, want %d", tt.b, got, tt.want)
		}
	}
}

func ptr[T any](v T) *T { return &v }

func TestGPUsBoundPlacement(t *testing.T) {
	p := &Pool{Name: "gpu", Allocatable: Resources{CPU: 8000, Mem: 32 << 30, Pods: 110, GPU: 1}, Min: 1, Max: 4, Provision: 60}
	g := &Group{Name: "vision", Pool: p, Request: Resources{CPU: 1000, Mem: 1 << 30, Pods: 1, GPU: 1}, Replicas: 3}
	c := New([]*Pool{p}, []*Group{g}, DefaultSettings())
	c.Warm()
	if len(p.Nodes) != 3 {
		t.Errorf("one GPU per node: %d nodes for 3 pods, want 3", len(p.Nodes))
	}
}

func TestJobsStartAndComplete(t *testing.T) {
	p := pool(1, 4)
	g := group("jobs", p, 400, 0)
	c := New([]*Pool{p}, []*Group{g}, DefaultSettings())
	c.Warm()
	c.Start(g, 3, 5)
	c.Schedule(5)
	if g.Replicas != 3 || g.Count(5).Starting != 2 || g.Count(5).Pending != 1 {
		t.Fatalf("replicas %d, counts %+v", g.Replicas, g.Count(5))
	}
	first := g.Pods[0]
	c.Complete(first)
	if !first.Gone || g.Replicas != 2 || len(g.Pods) != 2 {
		t.Errorf("after completion: gone %v, replicas %d, pods %d", first.Gone, g.Replicas, len(g.Pods))
	}
}

// The Cluster Autoscaler waits one loop while every unschedulable pod is
// younger than 2 s, and 30 s while a GPU pod is: pods created at the
// instant of a scan get their node from the next scan, GPU pods from the
// first scan at least 30 s after they appeared.
func TestYoungPodsWait(t *testing.T) {
	for _, tt := range []struct {
		name    string
		gpu     int64
		created int64
		scaleAt int64 // the scan that adds the node
	}{
		{"created at a scan: the next one", 0, 10, 20},
		{"created 2 s before a scan", 0, 8, 10},
		{"created 1 s before a scan: too new", 0, 9, 20},
		{"GPU: the first scan 30 s later", 1, 10, 40},
		{"GPU created 5 s before a scan: 30 s after", 1, 15, 50},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := pool(1, 5)
			p.Allocatable.GPU = 1
			g := group("a", p, 600, 1)
			g.Request.GPU = tt.gpu
			c := New([]*Pool{p}, []*Group{g}, DefaultSettings())
			c.Warm()
			step(c, 0, tt.created-1)
			c.Scale(g, 2, tt.created)
			for now := tt.created; now <= 100; now++ {
				c.Schedule(now)
				if now%10 == 0 {
					if added, _ := c.Autoscale(now); added > 0 {
						if now != tt.scaleAt {
							t.Fatalf("node added at %d s, want %d s", now, tt.scaleAt)
						}
						return
					}
				}
			}
			t.Fatal("no node added")
		})
	}
}

// --new-pod-scale-up-delay keeps pods out of the scale-up until that old.
func TestNewPodScaleUpDelay(t *testing.T) {
	p := pool(1, 5)
	g := group("a", p, 600, 1)
	set := DefaultSettings()
	set.NewPodScaleUpDelay = 45
	c := New([]*Pool{p}, []*Group{g}, set)
	c.Warm()
	c.Scale(g, 2, 5)
	for now := int64(5); now <= 100; now++ {
		c.Schedule(now)
		if now%10 == 0 {
			if added, _ := c.Autoscale(now); added > 0 {
				if now != 50 {
					t.Fatalf("node added at %d s, want 50 s (the first scan 45 s after the pod)", now)
				}
				return
			}
		}
	}
	t.Fatal("no node added")
}

// A node that is not ready within --max-node-provision-time is dropped
// and its pool backed off for 5 minutes, then 10.
func TestMaxNodeProvisionTime(t *testing.T) {
	p := pool(1, 5)
	p.Provision = 2000 // never in time
	g := group("a", p, 600, 1)
	c := New([]*Pool{p}, []*Group{g}, DefaultSettings())
	c.Warm()
	c.Scale(g, 2, 0)
	var adds, drops []int64
	for now := int64(0); now <= 3000; now++ {
		c.Schedule(now)
		if now%10 == 0 {
			before := len(p.Nodes)
			added, _ := c.Autoscale(now)
			if len(p.Nodes)-added < before {
				drops = append(drops, now)
			}
			if added > 0 {
				adds = append(adds, now)
			}
		}
	}
	// Added at 10 s (the pod is too new at 0 s), dropped at 910 s (15 min),
	// backed off to 1210 s; dropped at 2110 s, backed off 10 min to 2710 s.
	if want := []int64{10, 1210, 2710}; !slices.Equal(adds, want) {
		t.Errorf("scale-ups at %v, want %v", adds, want)
	}
	if want := []int64{910, 2110}; !slices.Equal(drops, want) {
		t.Errorf("failed nodes dropped at %v, want %v", drops, want)
	}
}

// The planner keeps a timer per unneeded node: a newer, emptier node does
// not restart an older candidate's 10 minutes, and the pool's minimum is
// checked only when removing.
func TestUnneededTimers(t *testing.T) {
	p := pool(2, 5)
	big, small := group("big", p, 600, 1), group("small", p, 300, 1)
	c := New([]*Pool{p}, []*Group{big, small}, DefaultSettings())
	c.lastScaleUp = -1000
	n0, n1 := c.addNode(p, 0, 0), c.addNode(p, 0, 0)
	c.bind(c.newPod(big, 0), n0, 0)   // 60%: needed
	c.bind(c.newPod(small, 0), n1, 0) // 30%: unneeded, its pod fits n0
	c.markUnneeded(p, 0)
	if n0.unneededSince != neverUnneeded || n1.unneededSince != 0 {
		t.Fatalf("timers at 0 s: %d, %d; want n1 unneeded since 0", n0.unneededSince, n1.unneededSince)
	}
	// An empty node joins at 300 s. It is emptier than n1, but n1 keeps
	// its timer: both are tracked, although the pool's minimum (2) leaves
	// room to remove only one.
	n2 := c.addNode(p, 300, 300)
	c.markUnneeded(p, 300)
	if n1.unneededSince != 0 || n2.unneededSince != 300 {
		t.Errorf("timers at 300 s: n1 %d, n2 %d; want 0 and 300", n1.unneededSince, n2.unneededSince)
	}
	// At 600 s n1 is due and goes (its pod moves to n0); at 900 s n2 is
	// due but the pool is at its minimum.
	step(c, 301, 600)
	if len(p.Nodes) != 2 || n1Present(p, n1) {
		t.Errorf("at 600 s: %d nodes, n1 present %v; want n1 removed", len(p.Nodes), n1Present(p, n1))
	}
	step(c, 601, 1000)
	if len(p.Nodes) != 2 {
		t.Errorf("at 1000 s: %d nodes, want the minimum of 2", len(p.Nodes))
	}
}

func n1Present(p *Pool, n *Node) bool {
	for _, m := range p.Nodes {
		if m == n {
			return true
		}
	}
	return false
}
