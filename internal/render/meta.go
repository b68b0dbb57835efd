package render

import (
	"sort"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/agentscale/agentscale/internal/spec"
)

// Standard labels (app.kubernetes.io/*) and the agentscale.dev/* intent
// annotations that lint reads back; docs/render.md lists them.
const (
	LabelName      = "app.kubernetes.io/name"
	LabelInstance  = "app.kubernetes.io/instance"
	LabelComponent = "app.kubernetes.io/component"
	LabelPartOf    = "app.kubernetes.io/part-of"
	LabelManagedBy = "app.kubernetes.io/managed-by"
	ManagedBy      = "agentscale"

	AnnotationRole  = "agentscale.dev/role"
	AnnotationState = "agentscale.dev/state"
	// AnnotationIdentity "stable" says a StatefulSet is for stable pod
	// names (sharding by ordinal), not for storage.
	AnnotationIdentity        = "agentscale.dev/identity"
	IdentityStable            = "stable"
	AnnotationNodePool        = "agentscale.dev/node-pool"
	AnnotationAllocatable     = "agentscale.dev/node-pool-allocatable"
	AnnotationPoolMaxNodes    = "agentscale.dev/node-pool-max-nodes"
	AnnotationIgnore          = "agentscale.dev/ignore"
	AnnotationIgnoreReason    = "agentscale.dev/ignore-reason"
	AnnotationAutoscaler      = "agentscale.dev/autoscaler"
	AnnotationMinReplicas     = "agentscale.dev/min-replicas"
	AnnotationMaxReplicas     = "agentscale.dev/max-replicas"
	AnnotationKafkaPartitions = "agentscale.dev/kafka-partitions"
	AnnotationPeers           = "agentscale.dev/peers"
	// What simulate needs and a manifest cannot say (the role's
	// simulation block), so rendered output simulates like the swarm.
	AnnotationTasksPerSecond    = "agentscale.dev/tasks-per-second"
	AnnotationStartupSeconds    = "agentscale.dev/startup-seconds"
	AnnotationCommitInterval    = "agentscale.dev/commit-interval-seconds"
	AnnotationSafeToEvictVolume = "cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes"
	// AnnotationSafeToEvict "false" and AnnotationDoNotDisrupt "true" keep
	// the Cluster Autoscaler and Karpenter from draining a node under a
	// Job's pod mid-task.
	AnnotationSafeToEvict  = "cluster-autoscaler.kubernetes.io/safe-to-evict"
	AnnotationDoNotDisrupt = "karpenter.sh/do-not-disrupt"
)

// Components label what an object is for.
const (
	ComponentAgent      = "agent"
	ComponentHeadroom   = "headroom"
	ComponentMonitoring = "monitoring"
	ComponentNamespace  = "namespace"
)

// owner is who an object belongs to: a role, or the swarm itself.
type owner struct {
	name      string // app.kubernetes.io/name
	instance  string // app.kubernetes.io/instance, also the object name
	component string
	labels    map[string]string // the role's own labels
	annots    map[string]string // the role's own annotations
	role      string            // role name for agentscale.dev/role, "" for swarm objects
	// ignore and ignoreReason are the role's lint suppressions, as lint
	// reads them from manifests ("" for none).
	ignore, ignoreReason string
}

// selector is the stable label subset used in selectors: it never changes
// with versions, so selectors (immutable on Deployments) stay valid.
func (r *renderer) selector(o *owner) map[string]string {
	return map[string]string{
		LabelName:     o.name,
		LabelInstance: o.instance,
		LabelPartOf:   r.s.Metadata.Name,
	}
}

// labels are the selector labels plus component, managed-by, the swarm's
// and the owner's labels. The standard labels are written last so that user
// labels cannot break a selector.
func (r *renderer) labels(o *owner) map[string]string {
	l := make(map[string]string, 8+len(r.s.Metadata.Labels)+len(o.labels))
	for k, v := range r.s.Metadata.Labels {
		l[k] = v
	}
	for k, v := range o.labels {
		l[k] = v
	}
	for k, v := range r.selector(o) {
		l[k] = v
	}
	l[LabelComponent] = o.component
	l[LabelManagedBy] = ManagedBy
	return l
}

// meta is the ObjectMeta of a namespaced object named name.
func (r *renderer) meta(o *owner, name string) metav1.ObjectMeta {
	m := r.clusterMeta(o, name)
	m.Namespace = r.namespace
	return m
}

// clusterMeta is the ObjectMeta of a cluster-scoped object.
func (r *renderer) clusterMeta(o *owner, name string) metav1.ObjectMeta {
	a := make(map[string]string, 1+len(r.s.Metadata.Annotations)+len(o.annots))
	for k, v := range r.s.Metadata.Annotations {
		a[k] = v
	}
	for k, v := range o.annots {
		a[k] = v
	}
	if o.role != "" {
		a[AnnotationRole] = o.role
	}
	if o.ignore != "" {
		a[AnnotationIgnore] = o.ignore
		if o.ignoreReason != "" {
			a[AnnotationIgnoreReason] = o.ignoreReason
		}
	}
	return metav1.ObjectMeta{Name: name, Labels: r.labels(o), Annotations: a}
}

// poolAnnotations describe the node pool a workload runs on: lint checks
// requests against one node and replicas against the pool's size.
func poolAnnotations(a map[string]string, pool *spec.NodePool) {
	if pool == nil {
		return
	}
	a[AnnotationNodePool] = pool.Name
	a[AnnotationAllocatable] = formatResources(pool.Allocatable)
	a[AnnotationPoolMaxNodes] = itoa(pool.MaxNodes)
}

// suppressions writes a role's lint.ignore as lint reads it from manifests:
// rule ids, comma-separated, and one reason for all of them (the distinct
// reasons joined by "; "). When a suppression has no reason, none is
// written, so that linting the manifests fails as linting the swarm does.
func suppressions(l *spec.RoleLint) (ids, reason string) {
	if l == nil || len(l.Ignore) == 0 {
		return "", ""
	}
	rules := make([]string, 0, len(l.Ignore))
	var reasons []string
	seen := map[string]bool{}
	missing := false
	for _, s := range l.Ignore {
		rules = append(rules, s.Rule)
		r := strings.TrimSpace(s.Reason)
		switch {
		case r == "":
			missing = true
		case !seen[r]:
			seen[r] = true
			reasons = append(reasons, r)
		}
	}
	if missing {
		reasons = nil
	}
	return strings.Join(rules, ","), strings.Join(reasons, "; ")
}

// formatResources writes a ResourceList as "cpu=3800m,memory=14Gi", sorted.
func formatResources(rl corev1.ResourceList) string {
	parts := make([]string, 0, len(rl))
	for k, q := range rl {
		parts = append(parts, string(k)+"="+q.String())
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

func itoa(n int32) string { return strconv.Itoa(int(n)) }

func ptr[T any](v T) *T { return &v }

// clonePtr copies what p points to, so objects never share the swarm's memory.
func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	return ptr(*p)
}
