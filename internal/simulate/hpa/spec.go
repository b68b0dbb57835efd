package hpa

import (
	autoscalingv2 "k8s.io/api/autoscaling/v2"
)

// Controller defaults (kube-controller-manager flags and API defaults);
// Settings carries the values a run uses.
const (
	SyncPeriod          = 15  // --horizontal-pod-autoscaler-sync-period, seconds
	DefaultTolerance    = 0.1 // --horizontal-pod-autoscaler-tolerance
	DownscaleWindow     = 300 // --horizontal-pod-autoscaler-downscale-stabilization, seconds
	scaleUpLimitFactor  = 2.0 // horizontal.go, path without behavior
	scaleUpLimitMinimum = 4.0
)

// Kind is how a metric's value turns into replicas.
type Kind int

const (
	// Utilization is a Resource metric with an averageUtilization target (percent).
	Utilization Kind = iota
	// PodsAverage is a Pods metric: the average of a per-pod value.
	PodsAverage
	// ObjectValue is an Object metric with a Value target.
	ObjectValue
	// ObjectAverage is an Object metric with an AverageValue target.
	ObjectAverage
	// ExternalValue is an External metric with a Value target.
	ExternalValue
	// ExternalAverage is an External metric with an AverageValue target (what KEDA creates).
	ExternalAverage
	// ResourceAverage is a Resource metric with an averageValue target.
	ResourceAverage
)

var kindNames = [...]string{"Utilization", "Pods", "Object", "Object/AverageValue", "External", "External/AverageValue", "Resource/AverageValue"}

func (k Kind) String() string { return kindNames[k] }

// Metric is one entry of spec.metrics.
type Metric struct {
	// Name is the metric's name; for Resource metrics the resource (cpu, memory).
	Name string
	Kind Kind
	// Target is the target in the metric's unit: percent for Utilization,
	// else the value (cores or bytes for ResourceAverage).
	Target float64
	// Request is one pod's request of the resource (cores or bytes), for
	// Utilization; 0 means the pods request none and the metric fails,
	// as calculateRequests does.
	Request float64
}

// cpu reports whether the controller groups pods for this metric with the
// CPU rules (unready and initializing pods ignored).
func (m Metric) cpu() bool {
	return (m.Kind == Utilization || m.Kind == ResourceAverage) && m.Name == "cpu"
}

// Tolerance is the band around a usage ratio of 1 inside which the
// controller does not scale: it holds while 1-Down <= ratio <= 1+Up.
type Tolerance struct{ Up, Down float64 }

func (t Tolerance) within(ratio float64) bool {
	return 1-t.Down <= ratio && ratio <= 1+t.Up
}

// Spec is the part of a HorizontalPodAutoscaler the controller reads.
type Spec struct {
	Name     string
	Min, Max int32
	Metrics  []Metric
	// Behavior selects the code path: nil is the classic path
	// (normalizeDesiredReplicas); non-nil is defaulted as the API server does.
	Behavior *autoscalingv2.HorizontalPodAutoscalerBehavior
}

// DefaultBehavior fills the nil fields of b the way the API server's
// SetDefaults_HorizontalPodAutoscalerBehavior (GenerateHPAScaleUpRules,
// GenerateHPAScaleDownRules) and the controller's
// maybeInitScaleDownStabilizationWindow do (a scale-down window left unset
// is the controller's downscaleWindow). b is not modified.
func DefaultBehavior(b *autoscalingv2.HorizontalPodAutoscalerBehavior, downscaleWindow int64) *autoscalingv2.HorizontalPodAutoscalerBehavior {
	if b == nil {
		return nil
	}
	maxPolicy := autoscalingv2.MaxChangePolicySelect
	up := autoscalingv2.HPAScalingRules{
		StabilizationWindowSeconds: ptr(int32(0)),
		SelectPolicy:               &maxPolicy,
		Policies: []autoscalingv2.HPAScalingPolicy{
			{Type: autoscalingv2.PodsScalingPolicy, Value: 4, PeriodSeconds: 15},
			{Type: autoscalingv2.PercentScalingPolicy, Value: 100, PeriodSeconds: 15},
		},
	}
	down := autoscalingv2.HPAScalingRules{
		StabilizationWindowSeconds: ptr(int32(downscaleWindow)),
		SelectPolicy:               &maxPolicy,
		Policies: []autoscalingv2.HPAScalingPolicy{
			{Type: autoscalingv2.PercentScalingPolicy, Value: 100, PeriodSeconds: 15},
		},
	}
	return &autoscalingv2.HorizontalPodAutoscalerBehavior{
		ScaleUp:   overlay(b.ScaleUp, up),
		ScaleDown: overlay(b.ScaleDown, down),
	}
}

// overlay is copyHPAScalingRules: the user's fields win over the defaults.
func overlay(from *autoscalingv2.HPAScalingRules, to autoscalingv2.HPAScalingRules) *autoscalingv2.HPAScalingRules {
	if from != nil {
		if from.StabilizationWindowSeconds != nil {
			to.StabilizationWindowSeconds = from.StabilizationWindowSeconds
		}
		if from.SelectPolicy != nil {
			to.SelectPolicy = from.SelectPolicy
		}
		if from.Policies != nil {
			to.Policies = from.Policies
		}
		if from.Tolerance != nil {
			to.Tolerance = from.Tolerance
		}
	}
	return &to
}

func ptr[T any](v T) *T { return &v }
