package rules

import (
	"fmt"

	autoscalingv2 "k8s.io/api/autoscaling/v2"

	"github.com/agentscale/agentscale/internal/lint"
)

// ObjectValueOnOwnWorkload: an HPA's Object metric that describes the
// HPA's own scale target with a Value target. The controller computes
// ceil(current × value / target) for a Value target (replica_calculator.go,
// GetObjectMetricReplicas), which compounds on a total such as a backlog:
// at 10 replicas and a backlog of 100 against a target of 10 it asks for
// 100. AverageValue computes ceil(value / target), "N per replica".
var ObjectValueOnOwnWorkload = &lint.Rule{
	ID:       "object-value-on-own-workload",
	Severity: lint.Warning,
	Why:      "An Object metric about the HPA's own workload with a Value target scales by current replicas times value over target, which compounds on a total such as a backlog and overshoots; AverageValue divides the total by the target, which is what \"N tasks per agent\" means.",
	Fix:      "Use target type AverageValue (in swarm.yaml: omit targetType, or targetType: AverageValue); keep Value only for a metric that falls as replicas are added, such as a per-replica latency.",
	Check:    checkObjectValueOnOwnWorkload,
}

func checkObjectValueOnOwnWorkload(c *lint.Context) {
	for _, a := range c.Kind("HorizontalPodAutoscaler") {
		hpa, ok := a.Obj.(*autoscalingv2.HorizontalPodAutoscaler)
		if !ok {
			continue
		}
		ref := hpa.Spec.ScaleTargetRef
		for i, m := range hpa.Spec.Metrics {
			o := m.Object
			if m.Type != autoscalingv2.ObjectMetricSourceType || o == nil || o.Target.Type != autoscalingv2.ValueMetricType {
				continue
			}
			d := o.DescribedObject
			if d.Kind != ref.Kind || d.Name != ref.Name || lint.APIGroup(d.APIVersion) != lint.APIGroup(ref.APIVersion) {
				continue
			}
			c.Report(a, lint.At(fmt.Sprintf("spec.metrics[%d].object.target.type", i), fmt.Sprintf("scaling.hpa.metrics[%d].targetType", i)),
				"metric %s describes %s %s, the HPA's own target, with a Value target: replicas compound with the total; use AverageValue",
				o.Metric.Name, ref.Kind, ref.Name)
		}
	}
}
