package keda

import (
	"math"

	"github.com/agentscale/agentscale/internal/simulate/hpa"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
)

// KEDA's defaults.
const (
	DefaultPollingInterval = 30  // seconds
	DefaultCooldownPeriod  = 300 // seconds
	DefaultMaxReplicaCount = 100
)

// ScaledObject is a ScaledObject and the HPA KEDA creates for it.
type ScaledObject struct {
	Name     string // the ScaledObject's name
	Min, Max int32  // minReplicaCount, maxReplicaCount
	Idle     *int32 // idleReplicaCount
	Polling  int64  // pollingInterval, seconds
	Cooldown int64  // cooldownPeriod, seconds
	Scalers  []Scaler
	HPA      *hpa.Controller

	lastActive int64
	everActive bool
}

// New builds the ScaledObject and its HPA as newHPAForScaledObject does:
// named keda-hpa-NAME, minReplicas max(minReplicaCount, 1), one External
// metric per trigger, and behavior only when the ScaledObject sets
// advanced.horizontalPodAutoscalerConfig.behavior (getHPABehavior), so
// without it the HPA takes the classic code path.
func New(name string, min, max int32, idle *int32, polling, cooldown int64, scalers []Scaler, behavior *autoscalingv2.HorizontalPodAutoscalerBehavior, set hpa.Settings) *ScaledObject {
	metrics := make([]hpa.Metric, len(scalers))
	for i, s := range scalers {
		metrics[i] = s.HPAMetric()
	}
	spec := hpa.Spec{Name: HPAName(name), Min: max32(min, 1), Max: max, Metrics: metrics, Behavior: behavior}
	return &ScaledObject{Name: name, Min: min, Max: max, Idle: idle, Polling: polling, Cooldown: cooldown,
		Scalers: scalers, HPA: hpa.New(spec, set)}
}

func max32(a, b int32) int32 {
	if a > b {
		return a
	}
	return b
}

// HPAName is getHPAName's default.
func HPAName(scaledObject string) string { return "keda-hpa-" + scaledObject }

// Readings are the metric values the HPA reads, one per trigger, and
// whether any trigger is active.
func (so *ScaledObject) Readings(in Input) ([]float64, bool) {
	out := make([]float64, len(so.Scalers))
	active := false
	for i, s := range so.Scalers {
		v, a := s.Metric(in)
		out[i] = v
		active = active || a
	}
	return out, active
}

// Poll is one pass of the operator's scale loop (RequestScale) at in.Now
// for a target at current replicas; it returns the replicas to set.
func (so *ScaledObject) Poll(current int32, in Input) int32 {
	_, active := so.Readings(in)
	idle := int32(-1)
	if so.Idle != nil {
		idle = *so.Idle
	}
	if active {
		so.lastActive, so.everActive = in.Now, true
		if current == 0 || current == idle {
			return max32(so.Min, 1) // scaleFromZeroOrIdle
		}
		return current
	}
	switch {
	case (idle >= 0 && current > idle) || (current > 0 && so.Min == 0):
		// scaleToZeroOrIdle once no trigger was active for cooldownPeriod.
		if !so.everActive || so.lastActive+so.Cooldown < in.Now {
			if idle >= 0 {
				return idle
			}
			return 0
		}
	case idle < 0 && current < so.Min:
		return so.Min
	}
	return current
}

// Sync is the HPA's sync for the ScaledObject's target.
func (so *ScaledObject) Sync(current int32, in Input) int32 {
	readings, _ := so.Readings(in)
	return so.HPA.Sync(in.Now, current, in.Pods, readings)
}

// ConsumerCap is how many replicas can do work at once: a Kafka consumer
// group uses at most one consumer per partition. 0 means no cap.
func (so *ScaledObject) ConsumerCap() int32 {
	var c int64
	for _, s := range so.Scalers {
		if p := Partitions(s); p > 0 && (c == 0 || p < c) {
			c = p
		}
	}
	return int32(min(c, math.MaxInt32))
}
