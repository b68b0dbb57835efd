package rules

import (
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/agentscale/agentscale/internal/lint"
)

// UnschedulableRequests: pods that ask for more than one node of their pool
// can allocate. The pod's request is computed as the scheduler does (app
// containers plus sidecars, or the largest init container, plus overhead;
// a limit stands in for a missing request) and compared per resource the
// pool declares; resources it does not declare (GPUs) are unknown, so
// silent. Without a pool (role nodePool, or the agentscale.dev/node-pool
// annotations) the rule stays silent. DaemonSet overhead per node is not
// subtracted: allocatable is what the team declared.
var UnschedulableRequests = &lint.Rule{
	ID:       "unschedulable-requests",
	Severity: lint.Error,
	Why:      "A pod that requests more than a node of its pool can allocate never schedules: it stays Pending forever, and the Cluster Autoscaler cannot help because no node it can add would fit it.",
	Fix:      "Lower the requests (role or defaults resources) below one node's allocatable, or move the role to a node pool with bigger nodes.",
	Check:    checkUnschedulableRequests,
}

func checkUnschedulableRequests(c *lint.Context) {
	for _, w := range c.Workloads() {
		pool := w.Intent.Pool
		if pool == nil || len(pool.Allocatable) == 0 {
			continue
		}
		pod, path := w.PodTemplate()
		req := podRequests(&pod.Spec)
		var over, offers []string
		var first corev1.ResourceName
		for _, r := range sortedResources(req) {
			alloc, known := pool.Allocatable[r]
			if q := req[r]; known && q.Cmp(alloc) > 0 {
				over = append(over, q.String()+" "+string(r))
				offers = append(offers, alloc.String()+" "+string(r))
				if first == "" {
					first = r
				}
			}
		}
		if len(over) == 0 {
			continue
		}
		c.Report(w, lint.At(requestPath(pod, path, first), "resources"),
			"pods of %s %s request %s, more than a node of pool %q can allocate (%s)",
			w.Kind, w.Name(), strings.Join(over, " and "), pool.Name, strings.Join(offers, ", "))
	}
}

// requestPath points at the request (or the limit standing in for it) of
// r in the container asking for the most of it.
func requestPath(pod *corev1.PodTemplateSpec, prefix string, r corev1.ResourceName) string {
	var best *lint.Container
	var most resource.Quantity
	for _, ct := range lint.Containers(pod, prefix) {
		if q, ok := containerRequests(ct.Container)[r]; ok && (best == nil || q.Cmp(most) > 0) {
			best, most = &ct, q
		}
	}
	switch {
	case best == nil:
		return joinField(prefix, "spec") // pod overhead
	case hasKey(best.Resources.Requests, r):
		return best.Path + ".resources.requests." + string(r)
	}
	return best.Path + ".resources.limits." + string(r)
}

func hasKey(l corev1.ResourceList, r corev1.ResourceName) bool {
	_, ok := l[r]
	return ok
}

// sortedResources lists a resource list's names in a stable order: cpu and
// memory first, then the rest alphabetically.
func sortedResources(l corev1.ResourceList) []corev1.ResourceName {
	out := make([]corev1.ResourceName, 0, len(l))
	for r := range l {
		out = append(out, r)
	}
	rank := func(r corev1.ResourceName) string {
		switch r {
		case corev1.ResourceCPU:
			return "0"
		case corev1.ResourceMemory:
			return "1"
		}
		return "2" + string(r)
	}
	slices.SortFunc(out, func(a, b corev1.ResourceName) int { return strings.Compare(rank(a), rank(b)) })
	return out
}

func joinField(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}
