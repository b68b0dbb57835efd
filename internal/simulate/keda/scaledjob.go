package keda

import "math"

// ScaledJob is a KEDA ScaledJob: every pollingInterval it starts Jobs for
// the queued events, one event per Job (pkg/scaling/executor/scale_jobs.go,
// RequestJobScale and createJobs, with the default scaling strategy).
type ScaledJob struct {
	Name    string
	Max     int64 // maxReplicaCount: Jobs running at once
	Polling int64 // seconds
	Scalers []Scaler
	// Accurate selects scalingStrategy "accurate"; the default strategy
	// subtracts running Jobs from the queue-based count.
	Accurate bool
}

// Jobs is how many Jobs to create at this poll, given the Jobs not yet
// finished (running) and those whose pod is not running yet (pending).
// The queue length and target are the trigger with the largest queue
// (multipleScalersCalculation "max", the default).
func (sj *ScaledJob) Jobs(in Input, running, pending int64) int64 {
	queue, target, active := 0.0, 1.0, false
	for i, s := range sj.Scalers {
		v, a := s.Metric(in)
		active = active || a
		if i == 0 || v > queue {
			queue, target = v, s.HPAMetric().Target
		}
	}
	if !active {
		return 0
	}
	scaleTo := int64(math.Ceil(queue / target))
	maxScale := min(scaleTo, sj.Max)
	effective := maxScale - running // defaultScalingStrategy
	if sj.Accurate {
		effective = maxScale - pending
		if maxScale+running > sj.Max {
			effective = sj.Max - running
		}
	}
	return max(min(scaleTo, effective), 0)
}
