package simulate

import (
	"errors"
	"fmt"
	"strings"

	"github.com/agentscale/agentscale/internal/simulate/hpa"
	"github.com/agentscale/agentscale/internal/simulate/keda"
	"github.com/agentscale/agentscale/internal/spec"
	corev1 "k8s.io/api/core/v1"
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
// Run finds the same errors; checking the file before --set is applied
// tells a bad file (exit 1) from a bad --set value (exit 2).
func CheckTriggers(s *spec.Swarm) error {
	for i := range s.Spec.Roles {
		if s.Spec.Roles[i].Autoscaler() != "keda" {
			continue
		}
		var se *spec.Error
		if _, err := triggers(s, i, nil); errors.As(err, &se) {
			return err
		}
	}
	return nil
}

func scaledObject(s *spec.Swarm, i int, requests corev1.ResourceList, set Settings) (*keda.ScaledObject, error) {
	scalers, err := triggers(s, i, requests)
	if err != nil {
		return nil, err
	}
	r := &s.Spec.Roles[i]
	k := r.Scaling.KEDA
	polling, cooldown := set.KEDAPolling, int64(spec.DefaultKEDACooldownPeriod)
	if k.PollingInterval != nil {
		polling = max(int64(*k.PollingInterval), 1)
	}
	if k.CooldownPeriod != nil {
		cooldown = int64(*k.CooldownPeriod)
	}
	return keda.New(s.ObjectName(r.Name), r.Replicas.Min, r.Replicas.Max, k.IdleReplicas, polling, cooldown, scalers, k.Behavior, set.HPA), nil
}

// scaledJob is the ScaledJob render writes for a Job role: maxReplicaCount
// from replicas.max, the default scaling strategy.
func scaledJob(s *spec.Swarm, i int, requests corev1.ResourceList, set Settings) (*keda.ScaledJob, error) {
	scalers, err := triggers(s, i, requests)
	if err != nil {
		return nil, err
	}
	r := &s.Spec.Roles[i]
	polling := set.KEDAPolling
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
func triggers(s *spec.Swarm, i int, requests corev1.ResourceList) ([]keda.Scaler, error) {
	r := &s.Spec.Roles[i]
	k := r.Scaling.KEDA
	perPod := map[string]float64{}
	for name, q := range requests {
		perPod[string(name)] = q.AsApproximateFloat64()
	}
	var scalers []keda.Scaler
	for j, t := range k.Triggers {
		kt := spec.KEDATrigger(r, &t)
		sc, err := keda.NewScaler(keda.Trigger{Index: j, Type: t.Type, MetricType: t.MetricType, Metadata: t.Metadata, Auth: kt.Auth, Partitions: t.Partitions, Requests: perPod})
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
