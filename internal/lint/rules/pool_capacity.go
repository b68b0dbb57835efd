package rules

import (
	"fmt"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/agentscale/agentscale/internal/keda"
	"github.com/agentscale/agentscale/internal/lint"
	"github.com/agentscale/agentscale/internal/spec"
)

// PoolCapacity: the roles of a node pool, all at their max replicas, need
// more than the pool's largest size can allocate. Max replicas are the
// autoscaler's maximum (KEDA's default 100), else replicas or parallelism;
// ScaledJobs count maxReplicaCount × parallelism, DaemonSets one pod per
// node. Placeholder pods (negative priority, such as headroom) are left
// out: they yield their room. Every resource the pool declares is summed,
// "pods" included. The sum is a lower bound (pods do not pack nodes
// perfectly), so a finding is certain; fragmentation is not modelled. One
// finding per pool, on the workload with the largest share of the first
// exceeded resource; it needs the pool's maxNodes (in manifests the
// agentscale.dev/node-pool-max-nodes annotation). Pools are per swarm file;
// in manifests, per name and declared size (see poolKey).
var PoolCapacity = &lint.Rule{
	ID:       "pool-capacity",
	Severity: lint.Warning,
	Why:      "When every role on a node pool scales to its maximum, the Cluster Autoscaler stops at the pool's maxNodes and the pods past its capacity stay Pending: the autoscalers promise replicas the cluster cannot run.",
	Fix:      "Raise the node pool's maxNodes (or its node size), or lower the max replicas or requests of the roles on it.",
	Check:    checkPoolCapacity,
}

// poolUse is what the workloads on one pool may request at most.
type poolUse struct {
	pool   *spec.NodePool
	demand corev1.ResourceList // "pods" counts pods
	shares []share
}

// share is one workload's part of a pool's demand.
type share struct {
	w    *lint.Object
	pods int64
	req  corev1.ResourceList
}

func checkPoolCapacity(c *lint.Context) {
	var order []string
	uses := map[string]*poolUse{}
	for _, w := range c.Workloads() {
		p := w.Intent.Pool
		if p == nil || p.MaxNodes <= 0 || len(p.Allocatable) == 0 || isPlaceholder(c, w) {
			continue // placeholder pods yield their room to real ones
		}
		n := maxPods(c, w, p)
		if n <= 0 {
			continue
		}
		key := poolKey(w, p)
		u := uses[key]
		if u == nil {
			u = &poolUse{pool: p, demand: corev1.ResourceList{}}
			uses[key] = u
			order = append(order, key)
		}
		pod, _ := w.PodTemplate()
		req := podRequests(&pod.Spec)
		for r, q := range req {
			addResources(u.demand, corev1.ResourceList{r: quantityTimes(q, n)})
		}
		addResources(u.demand, corev1.ResourceList{corev1.ResourcePods: *resource.NewQuantity(n, resource.DecimalSI)})
		u.shares = append(u.shares, share{w: w, pods: n, req: req})
	}
	for _, name := range order {
		reportPool(c, uses[name])
	}
}

// reportPool reports a pool whose demand exceeds maxNodes × allocatable, on
// the workload with the largest share of the first exceeded resource. The
// sum is a lower bound of what is needed (pods do not pack nodes
// perfectly), so a finding is never a false alarm.
func reportPool(c *lint.Context, u *poolUse) {
	var need, have []string
	var first corev1.ResourceName
	for _, r := range sortedResources(u.pool.Allocatable) {
		capacity := quantityTimes(u.pool.Allocatable[r], int64(u.pool.MaxNodes))
		if d, ok := u.demand[r]; ok && d.Cmp(capacity) > 0 {
			need = append(need, d.String()+" "+string(r))
			have = append(have, capacity.String()+" "+string(r))
			if first == "" {
				first = r
			}
		}
	}
	if first == "" {
		return
	}
	top := u.shares[0]
	var most resource.Quantity
	for _, s := range u.shares {
		if d := shareOf(s, first); d.Cmp(most) > 0 {
			top, most = s, d
		}
	}
	each := "1 pod"
	if first != corev1.ResourcePods {
		q := top.req[first]
		each = q.String() + " " + string(first)
	}
	c.Report(top.w, lint.At(`metadata.annotations["`+lint.AnnotationNodePool+`"]`, "replicas"),
		"at max replicas the pods on node pool %q request %s, more than its %d nodes can allocate (%s); the largest share is %s %s: %d × %s",
		u.pool.Name, strings.Join(need, " and "), u.pool.MaxNodes, strings.Join(have, ", "),
		top.w.Kind, top.w.Name(), top.pods, each)
}

func shareOf(s share, r corev1.ResourceName) resource.Quantity {
	if r == corev1.ResourcePods {
		return *resource.NewQuantity(s.pods, resource.DecimalSI)
	}
	return quantityTimes(s.req[r], s.pods)
}

// poolKey tells pools apart. A swarm file declares its own pools, so two
// swarms linted together (dev and prod, or two teams) never add up; in
// manifests, objects that declare a pool of the same name and size are on
// that pool, whichever file they come from (render --out-dir writes many).
func poolKey(w *lint.Object, p *spec.NodePool) string {
	if w.Intent.FromSwarm {
		return "swarm\x00" + w.File() + "\x00" + p.Name
	}
	var b strings.Builder
	b.WriteString(p.Name)
	fmt.Fprintf(&b, "\x00%d", p.MaxNodes)
	for _, r := range sortedResources(p.Allocatable) {
		q := p.Allocatable[r]
		fmt.Fprintf(&b, "\x00%s=%s", r, q.String())
	}
	return b.String()
}

// maxPods is the most pods a workload may run at once on pool p.
func maxPods(c *lint.Context, w *lint.Object, p *spec.NodePool) int64 {
	switch x := w.Obj.(type) {
	case *appsv1.DaemonSet:
		return int64(p.MaxNodes) // one per node
	case *batchv1.CronJob:
		return int64(int32Or(x.Spec.JobTemplate.Spec.Parallelism, 1))
	case *keda.ScaledJob:
		jobs := int64(100) // KEDA's default maxReplicaCount
		if x.Spec.MaxReplicaCount != nil {
			jobs = int64(*x.Spec.MaxReplicaCount)
		}
		if x.Spec.JobTargetRef != nil {
			jobs *= int64(int32Or(x.Spec.JobTargetRef.Parallelism, 1))
		}
		return jobs
	}
	return int64(c.MaxReplicas(w))
}

func int32Or(p *int32, def int32) int32 {
	if p == nil {
		return def
	}
	return *p
}
