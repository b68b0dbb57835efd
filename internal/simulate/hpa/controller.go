package hpa

import (
	"math"

	autoscalingv2 "k8s.io/api/autoscaling/v2"
)

type recommendation struct {
	replicas int32
	at       int64
}

type scaleEvent struct {
	change   int32
	at       int64
	outdated bool
}

// Controller is one HPA's controller state: its recent recommendations and
// scale events, as HorizontalController keeps them per HPA key.
type Controller struct {
	spec     Spec
	set      Settings
	behavior *autoscalingv2.HorizontalPodAutoscalerBehavior
	tol      Tolerance
	recs     []recommendation
	ups      []scaleEvent
	downs    []scaleEvent
	started  bool
	// scaledToZero is the HPA's ScaledToZero condition.
	scaledToZero bool
}

// New returns a controller for spec under the cluster's settings, with
// the API server's defaults applied.
func New(spec Spec, set Settings) *Controller {
	c := &Controller{spec: spec, set: set, behavior: DefaultBehavior(spec.Behavior, set.DownscaleWindow)}
	c.tol = Tolerances(c.behavior, set.Tolerance)
	return c
}

// Tolerances are the bands the controller uses for an HPA with behavior b
// under the controller's --horizontal-pod-autoscaler-tolerance: a
// per-direction tolerance wins (tolerancesForHpa, HPAConfigurableTolerance,
// GA in 1.37).
func Tolerances(b *autoscalingv2.HorizontalPodAutoscalerBehavior, controller float64) Tolerance {
	tol := Tolerance{Up: controller, Down: controller}
	if b == nil {
		return tol
	}
	if r := b.ScaleUp; r != nil && r.Tolerance != nil {
		tol.Up = r.Tolerance.AsApproximateFloat64()
	}
	if r := b.ScaleDown; r != nil && r.Tolerance != nil {
		tol.Down = r.Tolerance.AsApproximateFloat64()
	}
	return tol
}

// Tolerance is the band the controller uses: the cluster's, or the HPA's
// own per direction.
func (c *Controller) Tolerance() Tolerance { return c.tol }

// Spec returns the spec the controller was built from.
func (c *Controller) Spec() Spec { return c.spec }

// ScaleDownWindow is the scale-down stabilization window in seconds: the
// behavior's, or on the classic path the controller's
// --horizontal-pod-autoscaler-downscale-stabilization.
func (c *Controller) ScaleDownWindow() int64 {
	if c.behavior != nil {
		return int64(*c.behavior.ScaleDown.StabilizationWindowSeconds)
	}
	return c.set.DownscaleWindow
}

// Sync is one reconcileAutoscaler pass at time now: given the target's
// current spec.replicas, its pods and one reading per metric (see
// metricReplicas; NaN when the metric is unavailable), it returns the
// replica count to set.
func (c *Controller) Sync(now int64, current int32, pods Pods, readings []float64) int32 {
	if !c.started { // recordInitialRecommendation
		c.recs = []recommendation{{current, now}}
		c.started = true
	}
	s := c.spec
	var desired int32
	switch {
	case current == 0 && !(c.scaledToZero && (s.Min != 0 || c.objectOrExternal())):
		// "scaling is disabled since the replica count of the target is
		// zero" unless this HPA scaled it there (HPAScaleToZero).
		return 0
	case current > s.Max && current != 0:
		desired = s.Max
	case current < s.Min && current != 0:
		desired = s.Min
	default:
		proposal, ok := c.computeReplicasForMetrics(current, pods, readings)
		if !ok {
			return current
		}
		if c.behavior == nil {
			desired = c.normalize(now, current, proposal)
		} else {
			desired = c.normalizeWithBehaviors(now, current, proposal)
		}
		if current == 0 && s.Min != 0 && desired < s.Min {
			desired = s.Min
		}
	}
	if desired != current {
		if c.behavior != nil {
			c.storeScaleEvent(now, current, desired)
		}
		c.scaledToZero = current > 0 && desired == 0 && s.Min == 0 && c.objectOrExternal()
	}
	return desired
}

// objectOrExternal is hasObjectOrExternalMetrics.
func (c *Controller) objectOrExternal() bool {
	for _, m := range c.spec.Metrics {
		switch m.Kind {
		case ObjectValue, ObjectAverage, ExternalValue, ExternalAverage:
			return true
		}
	}
	return false
}

// computeReplicasForMetrics takes the largest proposal over the metrics. Any
// metric without an answer blocks a scale-down, and all of them block scaling.
func (c *Controller) computeReplicasForMetrics(current int32, pods Pods, readings []float64) (int32, bool) {
	var replicas int32
	invalid := 0
	for i, m := range c.spec.Metrics {
		v := math.NaN()
		if i < len(readings) {
			v = readings[i]
		}
		r, ok := metricReplicas(m, v, current, pods, c.tol, c.set)
		if !ok {
			invalid++
			continue
		}
		replicas = max(replicas, r)
	}
	if invalid >= len(c.spec.Metrics) || (invalid > 0 && replicas < current) {
		return 0, false
	}
	return replicas, true
}

// normalize is normalizeDesiredReplicas, the path without behavior: the
// highest recommendation of the last 5 minutes, then at most
// max(2×current, 4) and within min..max.
func (c *Controller) normalize(now int64, current, proposal int32) int32 {
	stabilized := proposal
	cutoff := now - c.set.DownscaleWindow
	old := -1
	for i, r := range c.recs {
		if r.at < cutoff {
			old = i
		} else if r.replicas > stabilized {
			stabilized = r.replicas
		}
	}
	c.record(old, proposal, now)
	limit := int32(math.Max(scaleUpLimitFactor*float64(current), scaleUpLimitMinimum))
	hi := min(c.spec.Max, limit)
	switch {
	case stabilized < c.spec.Min:
		return c.spec.Min
	case stabilized > hi:
		return hi
	}
	return stabilized
}

// record replaces the recommendation at old (one outside every window) or
// appends, as the controller does.
func (c *Controller) record(old int, replicas int32, now int64) {
	if old >= 0 {
		c.recs[old] = recommendation{replicas, now}
		return
	}
	c.recs = append(c.recs, recommendation{replicas, now})
}
