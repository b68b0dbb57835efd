package rules

import (
	"fmt"
	"strings"

	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"

	"github.com/agentscale/agentscale/internal/keda"
	"github.com/agentscale/agentscale/internal/lint"
)

// HPAUtilizationWithoutRequest: utilization targets over containers that
// request none of the resource. It follows the HPA controller: app and
// sidecar containers count (plain init containers do not), a pod-level
// request covers a pod-wide target, a limit without a request is the
// request, and a zero request is none (utilization would divide by zero).
// An HPA without metrics is the API server's default, 80% cpu. For KEDA,
// cpu and memory triggers count when their metric type (metadata.type wins
// over metricType, as in KEDA) is Utilization. A target outside the input
// is not guessed at.
var HPAUtilizationWithoutRequest = &lint.Rule{
	ID:       "hpa-utilization-without-request",
	Severity: lint.Error,
	Why:      "Utilization is usage divided by request: when a container requests none of the resource the HPA cannot compute it (FailedGetResourceMetric) and the workload stops scaling.",
	Fix:      "Request the resource in every container the target covers (in swarm.yaml: resources.requests), or scale on an AverageValue target instead.",
	Check:    checkHPAUtilizationWithoutRequest,
}

// utilizationTarget is one cpu or memory Utilization target of an autoscaler.
type utilizationTarget struct {
	res       corev1.ResourceName
	container string // ContainerResource metrics: only this container counts
	at        lint.Where
	what      string // "metric 0", "trigger 1", "the default metric"
}

func checkHPAUtilizationWithoutRequest(c *lint.Context) {
	for _, a := range c.Autoscalers() {
		w := c.TargetOf(a)
		if w == nil {
			continue // the pods are not in the input: nothing to check against
		}
		pod, path := w.PodTemplate()
		if pod == nil {
			continue
		}
		for _, t := range utilizationTargets(c, a) {
			missing := unrequested(pod, path, t)
			if len(missing) == 0 {
				continue
			}
			if lr, q, ok := c.LimitRangeDefault(w.Namespace(), t.res, false); ok {
				c.ReportSeverity(lint.Info, a, t.at, "%s targets %s utilization of %s %s, whose containers request no %s of their own; LimitRange %s gives them %s",
					t.what, t.res, w.Kind, w.Name(), t.res, lr.Name(), q.String())
				continue
			}
			c.Report(a, t.at, "%s targets %s utilization of %s %s, but %s no %s",
				t.what, t.res, w.Kind, w.Name(), requestWord(missing), t.res)
		}
	}
}

// utilizationTargets lists an HPA's or ScaledObject's cpu and memory
// Utilization targets, the way the HPA controller will see them.
func utilizationTargets(c *lint.Context, a *lint.Object) []utilizationTarget {
	var out []utilizationTarget
	switch x := a.Obj.(type) {
	case *autoscalingv2.HorizontalPodAutoscaler:
		if len(x.Spec.Metrics) == 0 {
			// the API server defaults an HPA without metrics to 80% cpu
			return []utilizationTarget{{res: corev1.ResourceCPU, at: lint.At("spec.metrics", "scaling.hpa"), what: "the default metric"}}
		}
		if a.APIVersion == "autoscaling/v1" { // upgraded from targetCPUUtilizationPercentage
			at := lint.At("spec.targetCPUUtilizationPercentage", "scaling.hpa.cpu")
			return []utilizationTarget{{res: corev1.ResourceCPU, at: at, what: "targetCPUUtilizationPercentage"}}
		}
		for i, m := range x.Spec.Metrics {
			field := fmt.Sprintf("spec.metrics[%d]", i)
			switch {
			case m.Type == autoscalingv2.ResourceMetricSourceType && m.Resource != nil &&
				m.Resource.Target.Type == autoscalingv2.UtilizationMetricType:
				out = appendUtilization(out, m.Resource.Name, "", field, i)
			case m.Type == autoscalingv2.ContainerResourceMetricSourceType && m.ContainerResource != nil &&
				m.ContainerResource.Target.Type == autoscalingv2.UtilizationMetricType:
				out = appendUtilization(out, m.ContainerResource.Name, m.ContainerResource.Container, field, i)
			}
		}
	case *keda.ScaledObject:
		for i, t := range x.Spec.Triggers {
			if (t.Type != "cpu" && t.Type != "memory") || t.MetricType != autoscalingv2.UtilizationMetricType {
				continue
			}
			cfg, _ := c.Trigger(a, i)
			out = append(out, utilizationTarget{
				res:       corev1.ResourceName(t.Type),
				container: cfg.String("containerName"),
				at:        lint.At(fmt.Sprintf("spec.triggers[%d]", i), fmt.Sprintf("scaling.keda.triggers[%d]", i)),
				what:      fmt.Sprintf("trigger %d", i),
			})
		}
	}
	return out
}

func appendUtilization(out []utilizationTarget, res corev1.ResourceName, container, field string, i int) []utilizationTarget {
	if res != corev1.ResourceCPU && res != corev1.ResourceMemory {
		return out
	}
	// render writes the cpu metric from scaling.hpa.cpu, memory from scaling.hpa.memory
	return append(out, utilizationTarget{res: res, container: container,
		at: lint.At(field, "scaling.hpa."+string(res)), what: fmt.Sprintf("metric %d", i)})
}

// unrequested names the containers a target covers that request none of
// its resource. A pod-level request covers a pod-wide target.
func unrequested(pod *corev1.PodTemplateSpec, path string, t utilizationTarget) []string {
	if t.container == "" && podLevelRequest(pod, t.res) {
		return nil
	}
	var out []string
	for _, ct := range lint.Containers(pod, path) {
		if ct.Init && !isSidecar(ct.Container) {
			continue // the HPA sums app and sidecar containers only
		}
		if t.container != "" && ct.Name != t.container {
			continue
		}
		if !requestsSome(ct.Container, t.res) {
			out = append(out, fmt.Sprintf("%q", ct.Name))
		}
	}
	return out
}

// requestsSome reports whether a container requests a non-zero amount of r;
// a limit without a request becomes the request (API server defaulting).
func requestsSome(ct *corev1.Container, r corev1.ResourceName) bool {
	if q, ok := ct.Resources.Requests[r]; ok {
		return !q.IsZero()
	}
	q, ok := ct.Resources.Limits[r]
	return ok && !q.IsZero()
}

func podLevelRequest(pod *corev1.PodTemplateSpec, r corev1.ResourceName) bool {
	res := pod.Spec.Resources
	if res == nil {
		return false
	}
	return requestsSome(&corev1.Container{Resources: *res}, r)
}

// requestWord is `container "a" requests` or `containers "a" and "b" request`.
func requestWord(names []string) string {
	if len(names) == 1 {
		return "container " + names[0] + " requests"
	}
	return "containers " + strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1] + " request"
}
