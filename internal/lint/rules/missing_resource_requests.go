package rules

import (
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/agentscale/agentscale/internal/lint"
)

// MissingResourceRequests: containers without cpu and memory requests.
var MissingResourceRequests = &lint.Rule{
	ID:       "missing-resource-requests",
	Severity: lint.Error,
	Why:      "Without requests the scheduler packs pods blindly, the Cluster Autoscaler cannot size nodes, and CPU or memory utilization HPAs cannot work.",
	Fix:      "Set resources.requests.cpu and resources.requests.memory (in swarm.yaml: the role's or defaults' resources).",
	Check:    checkMissingResourceRequests,
}

func checkMissingResourceRequests(c *lint.Context) {
	for _, w := range c.Workloads() {
		pod, path := w.PodTemplate()
		for _, ct := range lint.Containers(pod, path) {
			if ct.Init && !isSidecar(ct.Container) {
				continue // run-to-completion init containers do not hold resources
			}
			var missing, filled []string
			var from *lint.Object
			for _, r := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
				if requests(ct.Container, r) {
					continue
				}
				if lr, q, ok := c.LimitRangeDefault(w.Namespace(), r, false); ok {
					filled, from = append(filled, string(r)+" "+q.String()), lr
					continue
				}
				missing = append(missing, string(r))
			}
			at := lint.At(ct.Path+".resources", "resources")
			if len(missing) > 0 {
				c.Report(w, at, "container %q requests no %s", ct.Name, strings.Join(missing, " and no "))
			} else if len(filled) > 0 {
				// Admission fills them in: worth knowing, not a finding to fix.
				c.ReportSeverity(lint.Info, w, at, "container %q has no requests of its own; LimitRange %s gives it %s",
					ct.Name, from.Name(), strings.Join(filled, " and "))
			}
		}
	}
}

// requests reports whether a container requests r. A limit without a
// request sets the request to the limit (Kubernetes defaulting).
func requests(ct *corev1.Container, r corev1.ResourceName) bool {
	if _, ok := ct.Resources.Requests[r]; ok {
		return true
	}
	_, ok := ct.Resources.Limits[r]
	return ok
}

// isSidecar reports whether an init container keeps running beside the
// app (restartPolicy: Always), holding resources like a container.
func isSidecar(ct *corev1.Container) bool {
	return ct.RestartPolicy != nil && *ct.RestartPolicy == corev1.ContainerRestartPolicyAlways
}
