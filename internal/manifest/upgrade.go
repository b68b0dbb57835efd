package manifest

import (
	autoscalingv1 "k8s.io/api/autoscaling/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
)

// upgrade converts older API versions to the one rules read, so that a rule
// is written once: autoscaling/v1 HPAs become autoscaling/v2 (the API
// server stores them the same way). The object keeps its written
// apiVersion in Document.APIVersion.
func upgrade(obj Object) Object {
	v1, ok := obj.(*autoscalingv1.HorizontalPodAutoscaler)
	if !ok {
		return obj
	}
	v2 := &autoscalingv2.HorizontalPodAutoscaler{TypeMeta: v1.TypeMeta, ObjectMeta: v1.ObjectMeta}
	v2.Spec.ScaleTargetRef = autoscalingv2.CrossVersionObjectReference(v1.Spec.ScaleTargetRef)
	v2.Spec.MinReplicas = v1.Spec.MinReplicas
	v2.Spec.MaxReplicas = v1.Spec.MaxReplicas
	if t := v1.Spec.TargetCPUUtilizationPercentage; t != nil {
		v2.Spec.Metrics = []autoscalingv2.MetricSpec{{
			Type: autoscalingv2.ResourceMetricSourceType,
			Resource: &autoscalingv2.ResourceMetricSource{
				Name:   corev1.ResourceCPU,
				Target: autoscalingv2.MetricTarget{Type: autoscalingv2.UtilizationMetricType, AverageUtilization: t},
			},
		}}
	}
	return v2
}
