package render

import (
	"math"

	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/agentscale/agentscale/internal/spec"
)

// hpa renders an autoscaling/v2 HorizontalPodAutoscaler for the role's
// workload; min and max come from replicas.
func (r *renderer) hpa(rc *roleContext) {
	h := rc.role.Scaling.HPA
	hpa := &autoscalingv2.HorizontalPodAutoscaler{
		TypeMeta:   metav1.TypeMeta{APIVersion: "autoscaling/v2", Kind: "HorizontalPodAutoscaler"},
		ObjectMeta: r.meta(&rc.owner, rc.name),
		Spec: autoscalingv2.HorizontalPodAutoscalerSpec{
			ScaleTargetRef: autoscalingv2.CrossVersionObjectReference{APIVersion: "apps/v1", Kind: rc.kind, Name: rc.name},
			MinReplicas:    ptr(rc.role.Replicas.Min),
			MaxReplicas:    rc.role.Replicas.Max,
			Metrics:        r.hpaMetrics(rc, h),
			Behavior:       behavior(h),
		},
	}
	r.add(stageHPA, hpa, rc.index, rc.path("scaling.hpa"))
}

func (r *renderer) hpaMetrics(rc *roleContext, h *spec.HPA) []autoscalingv2.MetricSpec {
	var out []autoscalingv2.MetricSpec
	if h.CPU != nil {
		out = append(out, utilization(corev1.ResourceCPU, *h.CPU))
	}
	if h.Memory != nil {
		out = append(out, utilization(corev1.ResourceMemory, *h.Memory))
	}
	for _, m := range h.Metrics {
		out = append(out, customMetric(rc, m))
	}
	return out
}

func utilization(res corev1.ResourceName, percent int32) autoscalingv2.MetricSpec {
	return autoscalingv2.MetricSpec{
		Type: autoscalingv2.ResourceMetricSourceType,
		Resource: &autoscalingv2.ResourceMetricSource{
			Name:   res,
			Target: autoscalingv2.MetricTarget{Type: autoscalingv2.UtilizationMetricType, AverageUtilization: ptr(percent)},
		},
	}
}

// customMetric is an Object, Pods or External metric. An Object metric
// describes the role's own workload unless it names another object.
func customMetric(rc *roleContext, m spec.HPAMetric) autoscalingv2.MetricSpec {
	id := autoscalingv2.MetricIdentifier{Name: m.Name, Selector: m.Selector.DeepCopy()}
	target := metricTarget(m)
	switch m.Type {
	case spec.MetricObject:
		return autoscalingv2.MetricSpec{
			Type: autoscalingv2.ObjectMetricSourceType,
			Object: &autoscalingv2.ObjectMetricSource{
				DescribedObject: describedObject(rc, m.DescribedObject),
				Metric:          id,
				Target:          target,
			},
		}
	case spec.MetricPods:
		return autoscalingv2.MetricSpec{
			Type: autoscalingv2.PodsMetricSourceType,
			Pods: &autoscalingv2.PodsMetricSource{Metric: id, Target: target},
		}
	default:
		return autoscalingv2.MetricSpec{
			Type:     autoscalingv2.ExternalMetricSourceType,
			External: &autoscalingv2.ExternalMetricSource{Metric: id, Target: target},
		}
	}
}

// metricTarget defaults to AverageValue: "10 pending tasks per agent",
// which the controller reads as ceil(total / target). The exception is an
// Object metric about another object (describedObject set: an Ingress's
// request rate, a queue's depth), whose target is the object's value as a
// whole. Value on an Object metric about the role's own workload compounds:
// the controller asks for ceil(current × total / target) every sync, so a
// backlog of 100 at 10 replicas asks for 100 (lint's
// object-value-on-own-workload says so). Pods metrics are always
// AverageValue.
func metricTarget(m spec.HPAMetric) autoscalingv2.MetricTarget {
	tt := autoscalingv2.MetricTargetType(m.TargetType)
	switch {
	case m.Type == spec.MetricPods:
		tt = autoscalingv2.AverageValueMetricType
	case tt == "" && m.Type == spec.MetricObject && m.DescribedObject != nil:
		tt = autoscalingv2.ValueMetricType
	case tt == "":
		tt = autoscalingv2.AverageValueMetricType
	}
	q := m.Target.DeepCopy()
	if tt == autoscalingv2.ValueMetricType {
		return autoscalingv2.MetricTarget{Type: tt, Value: &q}
	}
	return autoscalingv2.MetricTarget{Type: tt, AverageValue: &q}
}

func describedObject(rc *roleContext, ref *spec.ObjectRef) autoscalingv2.CrossVersionObjectReference {
	if ref == nil {
		return autoscalingv2.CrossVersionObjectReference{APIVersion: "apps/v1", Kind: rc.kind, Name: rc.name}
	}
	api := ref.APIVersion
	if api == "" {
		api = defaultAPIVersion(ref.Kind)
	}
	return autoscalingv2.CrossVersionObjectReference{APIVersion: api, Kind: ref.Kind, Name: ref.Name}
}

// defaultAPIVersion is the API version of the kinds an Object metric
// usually describes.
func defaultAPIVersion(kind string) string {
	switch kind {
	case "Deployment", "StatefulSet", "ReplicaSet", "DaemonSet":
		return "apps/v1"
	case "Job", "CronJob":
		return "batch/v1"
	case "Ingress":
		return "networking.k8s.io/v1"
	}
	return "v1"
}

// behavior passes the role's behavior through and adds its tolerance to
// both directions (autoscaling/v2 keeps tolerance per direction).
func behavior(h *spec.HPA) *autoscalingv2.HorizontalPodAutoscalerBehavior {
	b := h.Behavior.DeepCopy()
	if h.Tolerance == nil {
		return b
	}
	if b == nil {
		b = &autoscalingv2.HorizontalPodAutoscalerBehavior{}
	}
	// nano precision; String() canonicalises 0.1 to "100m".
	tol := resource.NewScaledQuantity(int64(math.Round(*h.Tolerance*1e9)), resource.Nano)
	for _, rules := range []**autoscalingv2.HPAScalingRules{&b.ScaleUp, &b.ScaleDown} {
		if *rules == nil {
			*rules = &autoscalingv2.HPAScalingRules{}
		}
		(*rules).Tolerance = ptr(tol.DeepCopy())
	}
	return b
}
