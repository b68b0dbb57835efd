package hpa

import (
	"fmt"

	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
)

// FromObject is the controller's view of an autoscaling/v2
// HorizontalPodAutoscaler whose target's pods request requests (the sum
// over the pod template's containers, as calculateRequests adds them up).
// Defaults are the API server's: minReplicas 1, behavior as DefaultBehavior.
// Metrics the model cannot read (ContainerResource, a Resource other than
// cpu or memory, a target without its value) are an error naming them.
func FromObject(h *autoscalingv2.HorizontalPodAutoscaler, requests corev1.ResourceList) (Spec, error) {
	s := Spec{Name: h.Name, Min: 1, Max: h.Spec.MaxReplicas, Behavior: h.Spec.Behavior}
	if h.Spec.MinReplicas != nil {
		s.Min = *h.Spec.MinReplicas
	}
	for i, ms := range h.Spec.Metrics {
		m, err := metricFrom(ms, requests)
		if err == nil && !(m.Target > 0) {
			err = fmt.Errorf("the target must be above 0, as the API server requires")
		}
		if err != nil {
			return Spec{}, fmt.Errorf("HorizontalPodAutoscaler %s: spec.metrics[%d]: %w", h.Name, i, err)
		}
		s.Metrics = append(s.Metrics, m)
	}
	if len(s.Metrics) == 0 {
		// The API server defaults an HPA without metrics to 80% CPU.
		m, err := metricFrom(autoscalingv2.MetricSpec{Type: autoscalingv2.ResourceMetricSourceType, Resource: &autoscalingv2.ResourceMetricSource{
			Name: corev1.ResourceCPU, Target: autoscalingv2.MetricTarget{Type: autoscalingv2.UtilizationMetricType, AverageUtilization: ptr(int32(80))}}}, requests)
		if err != nil {
			return Spec{}, err
		}
		s.Metrics = []Metric{m}
	}
	return s, nil
}

func metricFrom(ms autoscalingv2.MetricSpec, requests corev1.ResourceList) (Metric, error) {
	switch ms.Type {
	case autoscalingv2.ResourceMetricSourceType:
		r := ms.Resource
		if r == nil || (r.Name != corev1.ResourceCPU && r.Name != corev1.ResourceMemory) {
			return Metric{}, fmt.Errorf("only cpu and memory Resource metrics are simulated")
		}
		m := Metric{Name: string(r.Name)}
		if q, ok := requests[r.Name]; ok {
			m.Request = q.AsApproximateFloat64()
		}
		switch {
		case r.Target.Type == autoscalingv2.UtilizationMetricType && r.Target.AverageUtilization != nil:
			m.Kind, m.Target = Utilization, float64(*r.Target.AverageUtilization)
		case r.Target.Type == autoscalingv2.AverageValueMetricType && r.Target.AverageValue != nil:
			m.Kind, m.Target = ResourceAverage, r.Target.AverageValue.AsApproximateFloat64()
		default:
			return Metric{}, fmt.Errorf("a %s Resource target needs its averageUtilization or averageValue", r.Target.Type)
		}
		return m, nil
	case autoscalingv2.PodsMetricSourceType:
		if p := ms.Pods; p != nil && p.Target.AverageValue != nil {
			return Metric{Name: p.Metric.Name, Kind: PodsAverage, Target: p.Target.AverageValue.AsApproximateFloat64()}, nil
		}
	case autoscalingv2.ObjectMetricSourceType:
		if o := ms.Object; o != nil {
			return valueOrAverage(o.Metric.Name, o.Target, ObjectValue, ObjectAverage)
		}
	case autoscalingv2.ExternalMetricSourceType:
		if e := ms.External; e != nil {
			return valueOrAverage(e.Metric.Name, e.Target, ExternalValue, ExternalAverage)
		}
	case autoscalingv2.ContainerResourceMetricSourceType:
		return Metric{}, fmt.Errorf("ContainerResource metrics are not simulated")
	}
	return Metric{}, fmt.Errorf("a %s metric needs its source and target", ms.Type)
}

func valueOrAverage(name string, t autoscalingv2.MetricTarget, value, average Kind) (Metric, error) {
	switch {
	case t.Type == autoscalingv2.ValueMetricType && t.Value != nil:
		return Metric{Name: name, Kind: value, Target: t.Value.AsApproximateFloat64()}, nil
	case t.Type == autoscalingv2.AverageValueMetricType && t.AverageValue != nil:
		return Metric{Name: name, Kind: average, Target: t.AverageValue.AsApproximateFloat64()}, nil
	}
	return Metric{}, fmt.Errorf("metric %s: a %s target needs its value", name, t.Type)
}
