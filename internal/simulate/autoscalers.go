package simulate

import (
	"errors"
	"fmt"
	"strings"

	"github.com/agentscale/agentscale/internal/simulate/hpa"
	"github.com/agentscale/agentscale/internal/simulate/keda"
	"github.com/agentscale/agentscale/internal/spec"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
)

// This file maps a role's scaling block to the autoscalers agentscale
// renders for it: the HPA of scaling.hpa, and the ScaledObject (with the
// HPA KEDA creates) of scaling.keda.

// describe is the autoscaler line of the summary: metrics, code path and
// tolerance.
func describe(s hpa.Spec) string {
	parts := make([]string, len(s.Metrics))
	for i, m := range s.Metrics {
		parts[i] = fmt.Sprintf("%s %s %g", m.Name, m.Kind, m.Target)
	}
	path := "no behavior"
	if s.Behavior != nil {
		path = "behavior"
	}
	if t := s.Tolerance; t != nil {
		path += fmt.Sprintf(", tolerance %g", t.Up)
	}
	return ": " + strings.Join(parts, ", ") + " (" + path + ")"
}

// hpaBehavior is the behavior agentscale renders: the role's own, plus its
// tolerance in both directions, so a tolerance alone selects the behavior
// code path (see internal/render/hpa.go).
func hpaBehavior(h *spec.HPA) *autoscalingv2.HorizontalPodAutoscalerBehavior {
	b := h.Behavior.DeepCopy()
	if h.Tolerance != nil && b == nil {
		b = &autoscalingv2.HorizontalPodAutoscalerBehavior{}
	}
	return b
}

// hpaMetrics maps the spec's metrics to the controller's: cpu and memory
// are Utilization; Object defaults to Value, External to AverageValue, and
// Pods is always AverageValue (as render does).
func hpaMetrics(h *spec.HPA) []hpa.Metric {
	var out []hpa.Metric
	if h.CPU != nil {
		out = append(out, hpa.Metric{Name: "cpu", Kind: hpa.Utilization, Target: float64(*h.CPU)})
	}
	if h.Memory != nil {
		out = append(out, hpa.Metric{Name: "memory", Kind: hpa.Utilization, Target: float64(*h.Memory)})
	}
	for _, m := range h.Metrics {
		met := hpa.Metric{Name: m.Name, Target: m.Target.AsApproximateFloat64()}
		avg := m.TargetType == "AverageValue"
		switch m.Type {
		case spec.MetricPods:
			met.Kind = hpa.PodsAverage
		case spec.MetricObject:
			met.Kind = hpa.ObjectValue
			if avg {
				met.Kind = hpa.ObjectAverage
			}
		default:
			met.Kind = hpa.ExternalAverage
			if m.TargetType == "Value" {
				met.Kind = hpa.ExternalValue
			}
		}
		out = append(out, met)
	}
	return out
}

// CheckTriggers reports the first KEDA trigger whose metadata the
// simulation cannot read (e.g. lagThreshold: ten), as a positioned error.
// Run finds the same errors; checking the file before --set is applied
// tells a bad file (exit 1) from a bad --set value (exit 2).
func CheckTriggers(s *spec.Swarm) error {
	for i := range s.Spec.Roles {
		if s.Spec.Roles[i].Autoscaler() != "keda" {
			continue
		}
		var se *spec.Error
		if _, err := triggers(s, i); errors.As(err, &se) {
			return err
		}
	}
	return nil
}

func scaledObject(s *spec.Swarm, i int) (*keda.ScaledObject, error) {
	scalers, err := triggers(s, i)
	if err != nil {
		return nil, err
	}
	r := &s.Spec.Roles[i]
	k := r.Scaling.KEDA
	polling, cooldown := int64(spec.DefaultKEDAPollingInterval), int64(spec.DefaultKEDACooldownPeriod)
	if k.PollingInterval != nil {
		polling = max(int64(*k.PollingInterval), 1)
	}
	if k.CooldownPeriod != nil {
		cooldown = int64(*k.CooldownPeriod)
	}
	return keda.New(s.ObjectName(r.Name), r.Replicas.Min, r.Replicas.Max, k.IdleReplicas, polling, cooldown, scalers, k.Behavior), nil
}

// scaledJob is the ScaledJob render writes for a Job role: maxReplicaCount
// from replicas.max, the default scaling strategy.
func scaledJob(s *spec.Swarm, i int) (*keda.ScaledJob, error) {
	scalers, err := triggers(s, i)
	if err != nil {
		return nil, err
	}
	r := &s.Spec.Roles[i]
	polling := int64(spec.DefaultKEDAPollingInterval)
	if p := r.Scaling.KEDA.PollingInterval; p != nil {
		polling = max(int64(*p), 1)
	}
	return &keda.ScaledJob{Name: s.ObjectName(r.Name), Max: int64(r.Replicas.Max), Polling: polling, Scalers: scalers}, nil
}

func describeJob(sj *keda.ScaledJob) string {
	parts := make([]string, len(sj.Scalers))
	for i, sc := range sj.Scalers {
		m := sc.HPAMetric()
		parts[i] = fmt.Sprintf("%s %g", m.Name, m.Target)
	}
	return ": " + strings.Join(parts, ", ") + " (default strategy, one task per Job)"
}

// triggers builds the role's KEDA scalers; bad metadata is a positioned
// error, an unmodelled type a usage error.
func triggers(s *spec.Swarm, i int) ([]keda.Scaler, error) {
	r := &s.Spec.Roles[i]
	k := r.Scaling.KEDA
	var scalers []keda.Scaler
	for j, t := range k.Triggers {
		kt := spec.KEDATrigger(r, &t)
		sc, err := keda.NewScaler(keda.Trigger{Index: j, Type: t.Type, MetricType: t.MetricType, Metadata: t.Metadata, Auth: kt.Auth, Partitions: t.Partitions})
		if err != nil {
			path := spec.RoleField(i, fmt.Sprintf("scaling.keda.triggers[%d]", j))
			var fe *keda.FieldError
			if errors.As(err, &fe) && fe.Field == "" {
				return nil, usagef("role %s: %s", r.Name, fe.Msg)
			}
			field := path + ".metadata." + fe.Field
			return nil, &spec.Error{Pos: s.ValuePos(field), Path: strings.TrimPrefix(field, "spec."), Msg: fe.Msg}
		}
		scalers = append(scalers, sc)
	}
	return scalers, nil
}
