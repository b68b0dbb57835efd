package hpa

import (
	"math"

	autoscalingv2 "k8s.io/api/autoscaling/v2"
)

// normalizeWithBehaviors is normalizeDesiredReplicasWithBehaviors:
// stabilise within the up and down windows, then limit the rate of change by
// the policies.
func (c *Controller) normalizeWithBehaviors(now int64, current, proposal int32) int32 {
	b := c.behavior
	up, down := proposal, proposal
	upCut := now - int64(*b.ScaleUp.StabilizationWindowSeconds)
	downCut := now - int64(*b.ScaleDown.StabilizationWindowSeconds)
	old := -1
	for i, r := range c.recs {
		if r.at > upCut {
			up = min(up, r.replicas)
		}
		if r.at > downCut {
			down = max(down, r.replicas)
		}
		if r.at < upCut && r.at < downCut {
			old = i
		}
	}
	stabilized := max(current, up)
	stabilized = min(stabilized, down)
	c.record(old, proposal, now)
	return c.rateLimit(now, current, stabilized)
}

// rateLimit is convertDesiredReplicasWithBehaviorRate.
func (c *Controller) rateLimit(now int64, current, desired int32) int32 {
	s := c.spec
	switch {
	case desired > current:
		limit := max(scaleUpLimit(now, current, c.ups, c.downs, c.behavior.ScaleUp), current)
		return min(desired, s.Max, limit)
	case desired < current:
		limit := min(scaleDownLimit(now, current, c.ups, c.downs, c.behavior.ScaleDown), current)
		return max(desired, s.Min, limit)
	}
	return desired
}

// scaleUpLimit is calculateScaleUpLimitWithScalingRules.
func scaleUpLimit(now int64, current int32, ups, downs []scaleEvent, r *autoscalingv2.HPAScalingRules) int32 {
	sel := *r.SelectPolicy
	if sel == autoscalingv2.DisabledPolicySelect {
		return current
	}
	result := int32(math.MinInt32)
	pick := func(a, b int32) int32 { return max(a, b) }
	if sel == autoscalingv2.MinChangePolicySelect {
		result, pick = math.MaxInt32, func(a, b int32) int32 { return min(a, b) }
	}
	for _, p := range r.Policies {
		start := current - changeIn(now, p.PeriodSeconds, ups) + changeIn(now, p.PeriodSeconds, downs)
		var proposed int32
		if p.Type == autoscalingv2.PodsScalingPolicy {
			proposed = start + p.Value
		} else {
			proposed = ceilReplicas(float64(start) * (1 + float64(p.Value)/100))
		}
		result = pick(result, proposed)
	}
	return result
}

// scaleDownLimit is calculateScaleDownLimitWithBehaviors.
func scaleDownLimit(now int64, current int32, ups, downs []scaleEvent, r *autoscalingv2.HPAScalingRules) int32 {
	sel := *r.SelectPolicy
	if sel == autoscalingv2.DisabledPolicySelect {
		return current
	}
	result := int32(math.MaxInt32)
	pick := func(a, b int32) int32 { return min(a, b) }
	if sel == autoscalingv2.MinChangePolicySelect {
		result, pick = math.MinInt32, func(a, b int32) int32 { return max(a, b) }
	}
	for _, p := range r.Policies {
		start := current - changeIn(now, p.PeriodSeconds, ups) + changeIn(now, p.PeriodSeconds, downs)
		var proposed int32
		if p.Type == autoscalingv2.PodsScalingPolicy {
			proposed = start - p.Value
		} else {
			proposed = int32(float64(start) * (1 - float64(p.Value)/100))
		}
		result = pick(result, proposed)
	}
	return result
}

// changeIn is getReplicasChangePerPeriod: replicas changed by events
// strictly inside the last period.
func changeIn(now int64, period int32, events []scaleEvent) int32 {
	cutoff := now - int64(period)
	var n int32
	for _, e := range events {
		if e.at > cutoff {
			n += e.change
		}
	}
	return n
}

// storeScaleEvent records a change as the controller does: events older
// than the direction's longest policy period are marked outdated
// (markScaleEventsOutdated), and the last outdated one is overwritten by
// the new event; the others stay, and still count toward the other
// direction's limit while inside its periods.
func (c *Controller) storeScaleEvent(now int64, prev, next int32) {
	if next > prev {
		c.ups = store(now, c.ups, longestPeriod(c.behavior.ScaleUp), scaleEvent{change: next - prev, at: now})
		return
	}
	c.downs = store(now, c.downs, longestPeriod(c.behavior.ScaleDown), scaleEvent{change: prev - next, at: now})
}

func store(now int64, events []scaleEvent, period int32, e scaleEvent) []scaleEvent {
	old := -1
	for i := range events {
		if events[i].at < now-int64(period) {
			events[i].outdated = true
		}
		if events[i].outdated {
			old = i
		}
	}
	if old >= 0 {
		events[old] = e
		return events
	}
	return append(events, e)
}

func longestPeriod(r *autoscalingv2.HPAScalingRules) int32 {
	var p int32
	for _, pol := range r.Policies {
		p = max(p, pol.PeriodSeconds)
	}
	return p
}
