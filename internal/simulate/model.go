package simulate

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/agentscale/agentscale/internal/simulate/cluster"
	"github.com/agentscale/agentscale/internal/simulate/hpa"
	"github.com/agentscale/agentscale/internal/simulate/keda"
	"github.com/agentscale/agentscale/internal/spec"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
)

// roleModel is one driven role's state during a run.
type roleModel struct {
	run     *RoleRun
	group   *cluster.Group
	rates   []float64
	tps     float64
	backlog float64

	hpa     *hpa.Controller // plain HPA, or nil
	metrics []hpa.Metric
	so      *keda.ScaledObject // KEDA, or nil
	// workers caps the ready pods that do work (Kafka partitions); 0 = no cap.
	workers int32
}

type model struct {
	cluster *cluster.Cluster
	roles   []*roleModel
	pools   []*PoolRun
	// poolOf maps a cluster pool to its run.
	poolOf map[*cluster.Pool]*PoolRun
	notes  []string
}

// build turns the swarm into the simulated cluster. driven are the indices
// of the roles to drive and report.
func build(s *spec.Swarm, driven []int) (*model, error) {
	m := &model{poolOf: map[*cluster.Pool]*PoolRun{}}
	pools := map[string]*cluster.Pool{}
	var cpools []*cluster.Pool
	for _, np := range s.Spec.NodePools {
		p := &cluster.Pool{Name: np.Name, Allocatable: resources(np.Allocatable, cluster.DefaultMaxPodsPerNode),
			Min: int(np.MinNodes), Max: int(np.MaxNodes), Provision: spec.DefaultProvisionSeconds, Price: np.PricePerHour}
		if np.ProvisionSeconds != nil {
			p.Provision = int64(*np.ProvisionSeconds)
		}
		pools[np.Name] = p
		cpools = append(cpools, p)
		run := &PoolRun{Name: np.Name, Price: np.PricePerHour, Min: p.Min, Max: p.Max}
		m.pools = append(m.pools, run)
		m.poolOf[p] = run
	}
	poolFor := func(name string) *cluster.Pool {
		if p := pools[name]; p != nil {
			return p
		}
		if len(cpools) > 0 {
			return cpools[0]
		}
		return nil
	}
	isDriven := map[int]bool{}
	for _, i := range driven {
		isDriven[i] = true
	}
	var groups []*cluster.Group
	byIndex := map[int]*roleModel{}
	for i := range s.Spec.Roles {
		r := &s.Spec.Roles[i]
		if r.WorkloadKind() == spec.WorkloadJob {
			m.notef("role %s is a Job: Jobs are not simulated", r.Name)
			continue
		}
		g := &cluster.Group{Name: r.Name, Pool: poolFor(r.NodePool), Startup: spec.DefaultStartupSeconds, Budget: budget(r)}
		if r.Resources != nil {
			g.Request = resources(r.Resources.Requests, 0)
		}
		g.Request.Pods = 1
		if r.Simulation != nil && r.Simulation.StartupSeconds != nil {
			g.Startup = int64(*r.Simulation.StartupSeconds)
		}
		g.Replicas = initialReplicas(r)
		groups = append(groups, g)
		if !isDriven[i] {
			continue
		}
		rm, err := newRoleModel(s, i, g)
		if err != nil {
			return nil, err
		}
		byIndex[i] = rm
	}
	for _, i := range driven {
		if rm := byIndex[i]; rm != nil {
			m.roles = append(m.roles, rm)
		}
	}
	if h := s.Spec.Headroom; h != nil && h.Replicas > 0 {
		g := &cluster.Group{Name: "headroom", Pool: poolFor(h.NodePool), Request: resources(h.Resources.Requests, 0),
			Priority: cluster.HeadroomPriority, Replicas: h.Replicas}
		g.Request.Pods = 1
		groups = append(groups, g)
	}
	m.cluster = cluster.New(cpools, groups)
	m.cluster.Warm()
	return m, nil
}

func (m *model) notef(format string, args ...any) {
	m.notes = append(m.notes, fmt.Sprintf(format, args...))
}

func newRoleModel(s *spec.Swarm, i int, g *cluster.Group) (*roleModel, error) {
	r := &s.Spec.Roles[i]
	rm := &roleModel{group: g, tps: spec.DefaultTasksPerSecond}
	if r.Simulation != nil && r.Simulation.TasksPerSecond != nil {
		rm.tps = *r.Simulation.TasksPerSecond
	}
	rm.run = &RoleRun{Name: r.Name, Min: r.Replicas.Min, Max: r.Replicas.Max, TasksPerSecond: rm.tps, StartupSeconds: g.Startup}
	if g.Pool != nil {
		rm.run.Pool = g.Pool.Name
	}
	switch r.Autoscaler() {
	case "hpa":
		rm.metrics = hpaMetrics(r.Scaling.HPA)
		spec := hpa.Spec{Name: s.ObjectName(r.Name), Min: r.Replicas.Min, Max: r.Replicas.Max, Metrics: rm.metrics, Behavior: hpaBehavior(r.Scaling.HPA)}
		if t := r.Scaling.HPA.Tolerance; t != nil {
			spec.Tolerance = &hpa.Tolerance{Up: *t, Down: *t}
		}
		rm.hpa = hpa.New(spec)
		rm.run.Autoscaler = "HPA " + spec.Name + describe(spec)
	case "keda":
		so, err := scaledObject(s, i)
		if err != nil {
			return nil, err
		}
		rm.so = so
		rm.workers = so.ConsumerCap()
		rm.run.Autoscaler = "KEDA " + so.HPA.Spec().Name + describe(so.HPA.Spec())
	default:
		rm.run.Autoscaler = "none (fixed replicas)"
	}
	return rm, nil
}

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
		if _, err := scaledObject(s, i); errors.As(err, &se) {
			return err
		}
	}
	return nil
}

func scaledObject(s *spec.Swarm, i int) (*keda.ScaledObject, error) {
	r := &s.Spec.Roles[i]
	k := r.Scaling.KEDA
	var scalers []keda.Scaler
	for j, t := range k.Triggers {
		sc, err := keda.NewScaler(keda.Trigger{Index: j, Type: t.Type, MetricType: t.MetricType, Metadata: t.Metadata, Partitions: t.Partitions})
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
	polling, cooldown := int64(spec.DefaultKEDAPollingInterval), int64(spec.DefaultKEDACooldownPeriod)
	if k.PollingInterval != nil {
		polling = max(int64(*k.PollingInterval), 1)
	}
	if k.CooldownPeriod != nil {
		cooldown = int64(*k.CooldownPeriod)
	}
	return keda.New(s.ObjectName(r.Name), r.Replicas.Min, r.Replicas.Max, k.IdleReplicas, polling, cooldown, scalers, k.Behavior), nil
}

// initialReplicas is the steady state before any load: the minimum, or
// KEDA's idle count.
func initialReplicas(r *spec.Role) int32 {
	if r.Autoscaler() == "keda" && r.Scaling.KEDA.IdleReplicas != nil {
		return *r.Scaling.KEDA.IdleReplicas
	}
	return r.Replicas.Min
}

// budget is the PodDisruptionBudget render gives the role: none for Jobs,
// single-pod Deployments or `disruption: false`, else the role's, else
// maxUnavailable 1.
func budget(r *spec.Role) *cluster.Budget {
	d := r.Disruption
	if (d != nil && d.Disabled) || (r.MaxPods() < 2 && r.WorkloadKind() != spec.WorkloadStatefulSet) {
		return nil
	}
	one := int32(1)
	switch {
	case d != nil && d.MinAvailable != nil:
		return &cluster.Budget{MinAvailable: &d.MinAvailable.Int, Percent: d.MinAvailable.IsPercent()}
	case d != nil && d.MaxUnavailable != nil:
		return &cluster.Budget{MaxUnavailable: &d.MaxUnavailable.Int, Percent: d.MaxUnavailable.IsPercent()}
	}
	return &cluster.Budget{MaxUnavailable: &one}
}

// resources reads cpu (millicores), memory (bytes) and pods from a list.
func resources(l corev1.ResourceList, defaultPods int64) cluster.Resources {
	r := cluster.Resources{Pods: defaultPods}
	if q, ok := l[corev1.ResourceCPU]; ok {
		r.CPU = q.MilliValue()
	}
	if q, ok := l[corev1.ResourceMemory]; ok {
		r.Mem = q.Value()
	}
	if q, ok := l[corev1.ResourcePods]; ok {
		r.Pods = q.Value()
	}
	return r
}

// readings are the HPA's metric values for a plain-HPA role: the backlog
// for Object and External metrics, its share per ready pod for Pods
// metrics, and the ready pods' busy share for CPU and memory.
func (rm *roleModel) readings(util float64, ready int32) []float64 {
	out := make([]float64, len(rm.metrics))
	for i, m := range rm.metrics {
		switch m.Kind {
		case hpa.Utilization:
			out[i] = util
		case hpa.PodsAverage:
			out[i] = math.NaN()
			if ready > 0 {
				out[i] = rm.backlog / float64(ready)
			}
		default:
			out[i] = rm.backlog
		}
	}
	return out
}
