package hpa

import "math"

// Pods is what the controller sees of the target's pods.
type Pods struct {
	// Ready pods are Running and Ready and report metrics.
	Ready int32
	// Starting pods are scheduled but not ready yet. For CPU and memory
	// they are "unready" (inside --horizontal-pod-autoscaler-cpu-initialization-period);
	// for Pods metrics they are "missing" (the agent serves no metrics yet).
	Starting int32
	// Pending pods (unschedulable) are ignored, as groupPods does.
}

// metricReplicas is the replica count one metric asks for, and false when
// the metric gives no answer (no ready pod reports it).
func metricReplicas(m Metric, value float64, current int32, p Pods, tol Tolerance) (int32, bool) {
	if math.IsNaN(value) {
		return 0, false
	}
	switch m.Kind {
	case Utilization:
		// GetResourceReplicas: starting pods are unready and count as 0%
		// only when scaling up.
		return podReplicas(current, p.Ready, p.Starting, 0, value, m.Target, tol)
	case PodsAverage:
		// GetMetricReplicas → calcPlainMetricReplicas: starting pods are missing.
		return podReplicas(current, p.Ready, 0, p.Starting, value, m.Target, tol)
	case ObjectValue, ExternalValue:
		return usageRatioReplicas(current, value/m.Target, p.Ready, tol), true
	case ObjectAverage, ExternalAverage:
		// GetObjectPerPodMetricReplicas / GetExternalPerPodMetricReplicas.
		if current > 0 && tol.within(value/(m.Target*float64(current))) {
			return current, true
		}
		return ceilReplicas(value / m.Target), true
	}
	return 0, false
}

// podReplicas is calcPlainMetricReplicas (and GetResourceReplicas) for
// pods that all report the same perPod value: missing pods count as the
// target when scaling down and 0 when scaling up; unready pods as 0 when
// scaling up; a result that flips direction or falls inside the tolerance
// keeps the current count.
func podReplicas(current, ready, unready, missing int32, perPod, target float64, tol Tolerance) (int32, bool) {
	if ready == 0 {
		return 0, false // "did not receive metrics for any ready pods"
	}
	ratio := perPod / target
	withUnready := unready > 0 && ratio > 1
	if !withUnready && missing == 0 {
		if tol.within(ratio) {
			return current, true
		}
		return ceilReplicas(ratio * float64(ready)), true
	}
	sum, n := perPod*float64(ready), float64(ready)
	if missing > 0 {
		if ratio < 1 {
			sum += target * float64(missing)
		}
		n += float64(missing)
	}
	if withUnready {
		n += float64(unready)
	}
	newRatio := sum / n / target
	if tol.within(newRatio) || (ratio < 1 && newRatio > 1) || (ratio > 1 && newRatio < 1) {
		return current, true
	}
	replicas := ceilReplicas(newRatio * n)
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
