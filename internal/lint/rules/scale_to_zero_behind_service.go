package rules

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/agentscale/agentscale/internal/keda"
	"github.com/agentscale/agentscale/internal/lint"
)

// ScaleToZeroBehindService: a ScaledObject that may scale its workload to
// zero (minReplicaCount 0 or unset) while a Service routes requests to its
// pods. With no pod, the Service has no endpoints and requests fail until
// a trigger wakes the workload; a queue does not notice, a caller does.
// KEDA's HTTP add-on (an HTTPScaledObject and its interceptor) holds
// requests while it scales from zero; a plain ScaledObject does not.
// Services whose every port is named metrics only serve scrapes and do
// not count, nor do headless Services (peer discovery).
var ScaleToZeroBehindService = &lint.Rule{
	ID:       "scale-to-zero-behind-service",
	Severity: lint.Warning,
	Why:      "A workload KEDA scales to zero has no endpoints: requests sent to its Service fail until a trigger wakes it, and no queue-length trigger sees requests that were refused.",
	Fix:      "Keep a replica (minReplicaCount 1; replicas.min 1 in swarm.yaml) for a role that serves requests, or put KEDA's HTTP add-on (HTTPScaledObject) in front of it to hold requests while it scales from zero.",
	Check:    checkScaleToZeroBehindService,
}

func checkScaleToZeroBehindService(c *lint.Context) {
	var services *serviceIndex
	for _, a := range c.Kind("ScaledObject") {
		so, ok := a.Obj.(*keda.ScaledObject)
		if !ok || kedaMinReplicaCount(so) > 0 {
			continue
		}
		w := c.TargetOf(a)
		if w == nil {
			continue
		}
		pod, _ := w.PodTemplate()
		if pod == nil {
			continue
		}
		if services == nil {
			services = newServiceIndex(c.Kind("Service"))
		}
		for _, s := range services.selecting(w.Namespace(), pod.Labels) {
			if !servesRequests(s.Obj.(*corev1.Service)) {
				continue
			}
			field := "spec.scaleTargetRef" // minReplicaCount unset: KEDA's 0
			if so.Spec.MinReplicaCount != nil {
				field = "spec.minReplicaCount"
			}
			c.Report(a, lint.At(field, "replicas.min"),
				"ScaledObject %s may scale %s %s to zero while Service %s routes requests to it: they fail until a trigger wakes it",
				a.Name(), w.Kind, w.Name(), s.Name())
			break
		}
	}
}

// servesRequests: a Service with a cluster IP and a port that is not only
// for metrics.
func servesRequests(svc *corev1.Service) bool {
	if svc.Spec.ClusterIP == corev1.ClusterIPNone {
		return false
	}
	for _, p := range svc.Spec.Ports {
		if p.Name != "metrics" {
			return true
		}
	}
	return false
}
