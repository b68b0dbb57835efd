package cluster

const (
	DefaultMaxPodsPerNode = 110 // kubelet --max-pods
	HeadroomPriority      = -10 // the PriorityClass render gives headroom pods
	neverUnneeded         = -1

	// The Cluster Autoscaler's constants (core/static_autoscaler.go,
	// utils/backoff): it waits for more pods while every unschedulable pod
	// is younger than 2 s (30 s if any requests a GPU), and backs a node
	// group off for 5 minutes after a failed scale-up, doubling to 30.
	unschedulablePodTimeBuffer        = 2
	unschedulablePodWithGPUTimeBuffer = 30
	initialBackoff, maxBackoff        = 300, 1800
)

// Settings are the Cluster Autoscaler's flags, in seconds.
type Settings struct {
	ScanInterval           int64   // --scan-interval
	ScaleDownUnneededTime  int64   // --scale-down-unneeded-time
	ScaleDownDelayAfterAdd int64   // --scale-down-delay-after-add
	ScaleDownUtilization   float64 // --scale-down-utilization-threshold
	MaxNodeProvisionTime   int64   // --max-node-provision-time
	NewPodScaleUpDelay     int64   // --new-pod-scale-up-delay
	MaxEmptyBulkDelete     int     // --max-empty-bulk-delete
}

// DefaultSettings are the Cluster Autoscaler's defaults (its FAQ's
// parameter table, cluster-autoscaler 1.3x).
func DefaultSettings() Settings {
	return Settings{ScanInterval: 10, ScaleDownUnneededTime: 600, ScaleDownDelayAfterAdd: 600,
		ScaleDownUtilization: 0.5, MaxNodeProvisionTime: 900, NewPodScaleUpDelay: 0, MaxEmptyBulkDelete: 10}
}

// Resources are what a pod requests or a node offers: millicores, bytes,
// pods, and GPUs (any */gpu extended resource, e.g. nvidia.com/gpu).
type Resources struct {
	CPU, Mem, Pods, GPU int64
}

func (r Resources) add(o Resources) Resources {
	return Resources{r.CPU + o.CPU, r.Mem + o.Mem, r.Pods + o.Pods, r.GPU + o.GPU}
}

func (r Resources) sub(o Resources) Resources {
	return Resources{r.CPU - o.CPU, r.Mem - o.Mem, r.Pods - o.Pods, r.GPU - o.GPU}
}

// fits reports whether req fits into free.
func (r Resources) fits(free Resources) bool {
	return r.CPU <= free.CPU && r.Mem <= free.Mem && r.Pods <= free.Pods && r.GPU <= free.GPU
}

// Pool is a node group the Cluster Autoscaler may resize.
type Pool struct {
	Name        string
	Allocatable Resources
	Min, Max    int
	// Provision is the seconds from a scale-up to the node being Ready.
	Provision int64
	Price     float64 // per node-hour
	Nodes     []*Node
	nextID    int
	// backoffUntil is when the pool may scale up again after a failed
	// scale-up; failures counts them, for the doubling.
	backoffUntil int64
	failures     int
}

// Node is one node of a pool.
type Node struct {
	ID      int
	Pool    *Pool
	Created int64
	ReadyAt int64
	Used    Resources
	Pods    []*Pod
	// unneededSince is when the node became a scale-down candidate, or -1.
	unneededSince int64
}

func (n *Node) ready(now int64) bool { return now >= n.ReadyAt }

func (n *Node) free() Resources { return n.Pool.Allocatable.sub(n.Used) }

// utilization is the Cluster Autoscaler's: on a GPU node the requested
// share of its GPUs, else the larger of the requested CPU and memory
// fractions (utilization.Calculate).
func (n *Node) utilization() float64 {
	a := n.Pool.Allocatable
	if a.GPU > 0 {
		return float64(n.Used.GPU) / float64(a.GPU)
	}
	u := 0.0
	if a.CPU > 0 {
		u = float64(n.Used.CPU) / float64(a.CPU)
	}
	if a.Mem > 0 {
		u = max(u, float64(n.Used.Mem)/float64(a.Mem))
	}
	return u
}

// Pod is one pod of a group.
type Pod struct {
	Group   *Group
	Node    *Node // nil while pending, or when the group has no pool
	Bound   bool
	Created int64
	ReadyAt int64 // set when bound
	// Gone is set when the pod is deleted (scaled down, evicted, completed).
	Gone bool
}

// Budget is a PodDisruptionBudget: at most MaxUnavailable pods down, or at
// least MinAvailable up; Percent makes the number a percentage of the
// group's replicas (rounded up, as the disruption controller does).
type Budget struct {
	MinAvailable, MaxUnavailable *int32
	Percent                      bool
}

// Group is a workload's pods (a role, or the headroom pause pods).
type Group struct {
	Name     string
	Pool     *Pool // nil: not placed on modelled nodes
	Request  Resources
	Startup  int64
	Priority int32
	Budget   *Budget // nil: no PodDisruptionBudget
	// NoEvict marks pods annotated cluster-autoscaler.kubernetes.io/safe-to-evict:
	// "false": the Cluster Autoscaler never drains a node that runs one.
	NoEvict bool
	// Expendable marks pods below the Cluster Autoscaler's
	// --expendable-pods-priority-cutoff: it adds no node for them.
	Expendable bool
	Replicas   int32
	Pods       []*Pod

	// Kept by the cluster so Count is O(1) once every pod is ready.
	bound, pending int32
	lastReadyAt    int64 // no bound pod becomes ready after this (may be stale high)
}

// Counts are a group's pods by state.
type Counts struct {
	Ready, Starting, Pending int32
}

// Count returns the group's pods by state at now.
func (g *Group) Count(now int64) Counts {
	if now >= g.lastReadyAt {
		return Counts{Ready: g.bound, Pending: g.pending}
	}
	var c Counts
	for _, p := range g.Pods {
		switch {
		case !p.Bound:
			c.Pending++
		case now >= p.ReadyAt:
			c.Ready++
		default:
			c.Starting++
		}
	}
	return c
}

// ReadySince reports whether some bound pod may have turned Ready after
// t: false once every pod has been Ready since t or earlier (cheap).
func (g *Group) ReadySince(t int64) bool { return g.lastReadyAt > t }

// Started is when a bound pod started: it was bound, and is Ready after
// its group's start-up.
func (p *Pod) Started() int64 { return p.ReadyAt - p.Group.Startup }

// allowedDisruptions is the PDB's status.disruptionsAllowed.
func (g *Group) allowedDisruptions(now int64) int32 {
	b := g.Budget
	if b == nil {
		return 1 << 30
	}
	healthy := g.Count(now).Ready
	scaled := func(v int32) int32 {
		if !b.Percent {
			return v
		}
		return int32((int64(v)*int64(g.Replicas) + 99) / 100)
	}
	if b.MinAvailable != nil {
		return max(0, healthy-scaled(*b.MinAvailable))
	}
	if b.MaxUnavailable != nil {
		return max(0, scaled(*b.MaxUnavailable)-(g.Replicas-healthy))
	}
	return 1 << 30
}

// PerNode is how many of g's pods an empty node of its pool holds: 0 when
// none fits, or when g has no pool (capacity is not modelled).
func (g *Group) PerNode() int64 {
	if g.Pool == nil || !g.Request.fits(g.Pool.Allocatable) {
		return 0
	}
	a, r := g.Pool.Allocatable, g.Request
	n := a.Pods / max(r.Pods, 1)
	for _, q := range [][2]int64{{a.CPU, r.CPU}, {a.Mem, r.Mem}, {a.GPU, r.GPU}} {
		if q[1] > 0 {
			n = min(n, q[0]/q[1])
		}
	}
	return n
}
