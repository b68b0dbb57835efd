package simulate

import (
	"errors"
	"fmt"
	"strings"

	"github.com/agentscale/agentscale/internal/simulate/hpa"
	"github.com/agentscale/agentscale/internal/simulate/keda"
	"github.com/agentscale/agentscale/internal/spec"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"

	kedaapi "github.com/agentscale/agentscale/internal/keda"
	"github.com/agentscale/agentscale/internal/render"
)

// This file maps a role's scaling block to the autoscalers agentscale
// renders for it: the HPA of scaling.hpa, and the ScaledObject (with the
// HPA KEDA creates) of scaling.keda.

// describe is the autoscaler line of the summary: metrics, code path and
// tolerance when it is not the default.
func describe(s hpa.Spec, tol hpa.Tolerance) string {
	parts := make([]string, len(s.Metrics))
	for i, m := range s.Metrics {
		parts[i] = fmt.Sprintf("%s %s %g", m.Name, m.Kind, m.Target)
	}
	path := "no behavior"
	if s.Behavior != nil {
		path = "behavior"
	}
	switch def := hpa.DefaultTolerance; {
	case tol.Up != tol.Down:
		path += fmt.Sprintf(", tolerance up %g, down %g", tol.Up, tol.Down)
	case tol.Up != def:
		path += fmt.Sprintf(", tolerance %g", tol.Up)
	}
	return ": " + strings.Join(parts, ", ") + " (" + path + ")"
}

// CheckTriggers reports the first KEDA trigger whose metadata the
// simulation cannot read (e.g. lagThreshold: ten), as a positioned error.
// Run finds the same errors on the rendered ScaledObjects; checking the
// file before --set is applied tells a bad file (exit 1) from a bad --set
// value (exit 2), and points at the line.
func CheckTriggers(s *spec.Swarm) error {
	for i := range s.Spec.Roles {
		r := &s.Spec.Roles[i]
		if r.Autoscaler() != "keda" {
			continue
		}
		for j, t := range r.Scaling.KEDA.Triggers {
			kt := spec.KEDATrigger(r, &t)
			_, err := keda.NewScaler(keda.Trigger{Index: j, Type: t.Type, MetricType: t.MetricType, Metadata: t.Metadata, Auth: kt.Auth, Partitions: t.Partitions})
			var fe *keda.FieldError
			if errors.As(err, &fe) && fe.Field != "" {
				field := spec.RoleField(i, fmt.Sprintf("scaling.keda.triggers[%d]", j)) + ".metadata." + fe.Field
				return &spec.Error{Pos: s.ValuePos(field), Path: strings.TrimPrefix(field, "spec."), Msg: fe.Msg}
			}
		}
	}
	return nil
}

// ObjectError is an object simulate cannot read as the controller would
// (a trigger's metadata KEDA refuses): the input's problem, exit 1.
type ObjectError struct {
	Obj  Object
	Path string // the field, "spec.triggers[0].metadata.lagThreshold"
	Msg  string
}

func (e *ObjectError) Error() string {
	return e.Obj.GetObjectKind().GroupVersionKind().Kind + " " + e.Obj.GetName() + ": " + e.Path + ": " + e.Msg
}

// scaledObject is the ScaledObject and the HPA KEDA makes of it, with
// KEDA's defaults for what it leaves unset.
func scaledObject(w *workload, requests corev1.ResourceList, set Settings) (*keda.ScaledObject, error) {
	so := w.so
	scalers, err := triggers(w, so, so.Spec.Triggers, requests)
	if err != nil {
		return nil, err
	}
	polling, cooldown := set.KEDAPolling, int64(spec.DefaultKEDACooldownPeriod)
	if p := so.Spec.PollingInterval; p != nil {
		polling = max(int64(*p), 1)
	}
	if c := so.Spec.CooldownPeriod; c != nil {
		cooldown = int64(*c)
	}
	var behavior *autoscalingv2.HorizontalPodAutoscalerBehavior
	if a := so.Spec.Advanced; a != nil && a.HorizontalPodAutoscalerConfig != nil {
		behavior = a.HorizontalPodAutoscalerConfig.Behavior
	}
	lo, hi := w.bounds()
	return keda.New(so.Name, lo, hi, so.Spec.IdleReplicaCount, polling, cooldown, scalers, behavior, set.HPA), nil
}

// scaledJob is a ScaledJob with the default scaling strategy.
func scaledJob(w *workload, requests corev1.ResourceList, set Settings) (*keda.ScaledJob, error) {
	sj := w.sj
	scalers, err := triggers(w, sj, sj.Spec.Triggers, requests)
	if err != nil {
		return nil, err
	}
	polling := set.KEDAPolling
	if p := sj.Spec.PollingInterval; p != nil {
		polling = max(int64(*p), 1)
	}
	_, hi := w.bounds()
	return &keda.ScaledJob{Name: sj.Name, Max: int64(hi), Polling: polling, Scalers: scalers}, nil
}

func describeJob(sj *keda.ScaledJob) string {
	parts := make([]string, len(sj.Scalers))
	for i, sc := range sj.Scalers {
		m := sc.HPAMetric()
		parts[i] = fmt.Sprintf("%s %g", m.Name, m.Target)
	}
	return ": " + strings.Join(parts, ", ") + " (default strategy, one task per Job)"
}

// triggers builds the object's KEDA scalers: bad metadata is an
// ObjectError, an unmodelled type a usage error. Kafka partitions come
// from the agentscale.dev/kafka-partitions annotation.
func triggers(w *workload, obj Object, ts []kedaapi.ScaleTrigger, requests corev1.ResourceList) ([]keda.Scaler, error) {
	perPod := map[string]float64{}
	for name, q := range requests {
		perPod[string(name)] = q.AsApproximateFloat64()
	}
	kafka := 0
	for _, t := range ts {
		if t.Type == "kafka" {
			kafka++
		}
	}
	var annotated string
	if w.so != nil {
		annotated = w.so.Annotations[render.AnnotationKafkaPartitions]
	} else if w.sj != nil {
		annotated = w.sj.Annotations[render.AnnotationKafkaPartitions]
	}
	counts := render.ParsePartitions(annotated, kafka)
	var scalers []keda.Scaler
	k := 0
	for j, t := range ts {
		tr := keda.Trigger{Index: j, Type: t.Type, MetricType: string(t.MetricType), Metadata: t.Metadata, Auth: w.auth[j], Requests: perPod}
		if t.Type == "kafka" {
			if n := counts[k]; n > 0 {
				tr.Partitions = &n
			}
			k++
		}
		sc, err := keda.NewScaler(tr)
		if err != nil {
			var fe *keda.FieldError
			if errors.As(err, &fe) && fe.Field == "" {
				return nil, usagef("role %s: %s", w.name, fe.Msg)
			}
			return nil, &ObjectError{Obj: obj, Path: fmt.Sprintf("spec.triggers[%d].metadata.%s", j, fe.Field), Msg: fe.Msg}
		}
		scalers = append(scalers, sc)
	}
	return scalers, nil
}
