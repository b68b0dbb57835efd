package hpa

import "math"

// Pods is what the controller sees of the target's pods.
type Pods struct {
	// Ready pods are Running and Ready.
	Ready int32
	// Starting pods are Running but not Ready yet.
	Starting int32
	// Pending pods are not Running (unschedulable, or waiting for their
	// node): groupPods counts them as unready for every metric.
	Pending int32
	// Warming is how many of the Ready pods give a CPU sample the
	// controller still ignores (Settings.CPUWarming).
	Warming int32
	// Initialized is how many of the Starting pods started at least one
	// CPU initialization period ago (Settings.CPUInitialized).
	Initialized int32
}

// total is the scale's status.replicas: every pod of the target.
func (p Pods) total() int32 { return p.Ready + p.Starting + p.Pending }

// The world the model assumes, and the differential test serves: every
// Running pod has CPU and memory samples (metrics-server), only Ready pods
// have custom Pods metrics (Prometheus scrapes a Service's ready
// endpoints), and every Ready pod reports the same value.

// group is groupPods for pods that report alike: the ready pods whose
// samples count, the unready ones (ignored, or 0 on a scale-up) and the
// missing ones (no sample).
func group(m Metric, p Pods, set Settings) (ready, unready, missing int64) {
	switch {
	case m.Kind == PodsAverage:
		return int64(p.Ready), int64(p.Pending), int64(p.Starting)
	case m.cpu():
		// Past the initialization period a pod that is not Ready is ignored
		// only if it never was: its Ready condition turned False at start,
		// so that holds when the initial readiness delay is positive.
		late := int32(0)
		if set.InitialReadinessDelay <= 0 {
			late = p.Initialized
		}
		return int64(p.Ready - p.Warming + late), int64(p.Pending + p.Starting - late + p.Warming), 0
	}
	// Memory: groupPods applies the readiness rules to CPU only.
	return int64(p.Ready + p.Starting), int64(p.Pending), 0
}

// metricReplicas is the replica count one metric asks for, and false when
// the metric gives no answer (computeReplicasForMetric returns an error).
// value is the metric's reading: the object's or external value, or one
// pod's value (cores or bytes for Resource metrics); NaN when unavailable.
func metricReplicas(m Metric, value float64, current int32, p Pods, tol Tolerance, set Settings) (int32, bool) {
	if math.IsNaN(value) {
		return 0, false
	}
	v, target := milli(value), milli(m.Target)
	switch m.Kind {
	case Utilization:
		ready, unready, missing := group(m, p, set)
		request := milli(m.Request)
		if request <= 0 {
			return 0, false // calculateRequests: "missing request for cpu"
		}
		return resourceReplicas(current, ready, unready, missing, v, request, int32(m.Target), tol)
	case PodsAverage, ResourceAverage:
		ready, unready, missing := group(m, p, set)
		return plainReplicas(current, ready, unready, missing, v, target, tol)
	case ObjectValue, ExternalValue:
		return usageRatioReplicas(current, float64(v)/float64(target), p.Ready, tol), true
	case ObjectAverage, ExternalAverage:
		// GetObjectPerPodMetricReplicas / GetExternalPerPodMetricReplicas:
		// the tolerance is checked against status.replicas.
		status := p.total()
		if tol.within(float64(v) / (float64(target) * float64(status))) {
			return status, true
		}
		return ceilReplicas(float64(v) / float64(target)), true
	}
	return 0, false
}

// resourceReplicas is GetResourceReplicas for ready pods that each use v
// of a request (milli-units): utilization is an integer percentage,
// int32(Σusage × 100 / Σrequest), as GetResourceUtilizationRatio computes
// it; on a scale-down a missing pod counts as using its request, or the
// target above 100%.
func resourceReplicas(current int32, ready, unready, missing, v, request int64, target int32, tol Tolerance) (int32, bool) {
	ratioOf := func(usage, pods int64) float64 {
		return float64(int32(usage*100/(pods*request))) / float64(target)
	}
	return groupedReplicas(current, ready, unready, missing, v, request*int64(max(100, target))/100, ratioOf, tol)
}

// plainReplicas is calcPlainMetricReplicas for ready pods that each report
// v against a per-pod target (milli-units): usage is the integer mean; on a
// scale-down a missing pod counts as exactly the target.
func plainReplicas(current int32, ready, unready, missing, v, target int64, tol Tolerance) (int32, bool) {
	ratioOf := func(sum, n int64) float64 { return float64(sum/n) / float64(target) }
	return groupedReplicas(current, ready, unready, missing, v, target, ratioOf, tol)
}

// groupedReplicas is the body GetResourceReplicas and
// calcPlainMetricReplicas share: ratioOf(Σvalues, pods) is the usage ratio;
// missing pods count as fallback on a scale-down and 0 on a scale-up,
// unready pods as 0 on a scale-up; a rebalanced ratio that falls in the
// tolerance or flips the direction keeps the count, as does a count that
// would flip it.
func groupedReplicas(current int32, ready, unready, missing, v, fallback int64, ratioOf func(sum, n int64) float64, tol Tolerance) (int32, bool) {
	if ready == 0 {
		return 0, false // "did not receive metrics for targeted pods"
	}
	ratio := ratioOf(ready*v, ready)
	withUnready := unready > 0 && ratio > 1
	if !withUnready && missing == 0 {
		if tol.within(ratio) {
			return current, true
		}
		return ceilReplicas(ratio * float64(ready)), true
	}
	sum, n := ready*v, ready
	if missing > 0 && ratio != 1 {
		if ratio < 1 {
			sum += missing * fallback
		}
		n += missing
	}
	if withUnready {
		n += unready
	}
	newRatio := ratioOf(sum, n)
	if tol.within(newRatio) || (ratio < 1 && newRatio > 1) || (ratio > 1 && newRatio < 1) {
		return current, true
	}
	replicas := ceilReplicas(newRatio * float64(n))
	if (newRatio < 1 && replicas > current) || (newRatio > 1 && replicas < current) {
		return current, true
	}
	return replicas, true
}

// usageRatioReplicas is getUsageRatioReplicaCount: a Value target scales
// the ready pods by the ratio (from zero, the ratio itself).
func usageRatioReplicas(current int32, ratio float64, ready int32, tol Tolerance) int32 {
	if current == 0 {
		return ceilReplicas(ratio)
	}
	if tol.within(ratio) {
		return current
	}
	return ceilReplicas(ratio * float64(ready))
}

// maxMilli bounds a reading so that it converts to int64. Sums over pods
// that overflow wrap, as the controller's own int64 sums do.
const maxMilli = 1 << 62

// milli is a value as the controller reads it: a Quantity's MilliValue,
// which rounds up. A value that is a whole number of milli-units up to
// float error stays that number.
func milli(v float64) int64 {
	x := v * 1000
	switch {
	case x >= maxMilli:
		return maxMilli
	case x <= -maxMilli:
		return -maxMilli
	}
	if r := math.Round(x); math.Abs(x-r) < 1e-6 {
		return int64(r)
	}
	return int64(math.Ceil(x))
}

// ceilReplicas rounds a replica count up, saturating instead of overflowing.
func ceilReplicas(f float64) int32 {
	f = math.Ceil(f)
	switch {
	case f >= math.MaxInt32:
		return math.MaxInt32
	case f <= 0 || math.IsNaN(f):
		return 0
	}
	return int32(f)
}
