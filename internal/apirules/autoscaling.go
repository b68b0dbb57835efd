package apirules

import (
	autoscalingv2 "k8s.io/api/autoscaling/v2"

	"github.com/agentscale/agentscale/internal/yamlpos"
)

// The HPA's limits (pkg/apis/autoscaling/validation).
const (
	MaxPeriodSeconds              = 1800
	MaxStabilizationWindowSeconds = 3600
)

// Behavior checks an HPA's scaling behaviour (validateBehavior), as
// written: rules without policies get the server's defaults, an empty
// list of policies is refused.
func Behavior(path string, b *autoscalingv2.HorizontalPodAutoscalerBehavior) Errors {
	var errs Errors
	if b == nil {
		return nil
	}
	for _, r := range []struct {
		name  string
		rules *autoscalingv2.HPAScalingRules
	}{{"scaleUp", b.ScaleUp}, {"scaleDown", b.ScaleDown}} {
		if r.rules == nil {
			continue
		}
		p := path + "." + r.name
		if w := r.rules.StabilizationWindowSeconds; w != nil && (*w < 0 || *w > MaxStabilizationWindowSeconds) {
			errs.add(p+".stabilizationWindowSeconds", false, "stabilizationWindowSeconds %d: must be from 0 to %d", *w, MaxStabilizationWindowSeconds)
		}
		if sp := r.rules.SelectPolicy; sp != nil {
			errs = append(errs, Enum(p+".selectPolicy", "selectPolicy", string(*sp), false, "Max", "Min", "Disabled")...)
		}
		if r.rules.Policies != nil && len(r.rules.Policies) == 0 {
			errs.add(p+".policies", false, "policies is empty: give at least one, or leave it out for the defaults")
		}
		for i, pol := range r.rules.Policies {
			pp := yamlpos.JoinIndex(p+".policies", i)
			errs = append(errs, Enum(pp+".type", "type", string(pol.Type), false, "Pods", "Percent")...)
			if pol.Value <= 0 {
				errs.add(pp+".value", false, "value %d: must be greater than 0", pol.Value)
			}
			if pol.PeriodSeconds <= 0 || pol.PeriodSeconds > MaxPeriodSeconds {
				errs.add(pp+".periodSeconds", false, "periodSeconds %d: must be from 1 to %d", pol.PeriodSeconds, MaxPeriodSeconds)
			}
		}
		if t := r.rules.Tolerance; t != nil && t.Sign() < 0 {
			errs.add(p+".tolerance", false, "tolerance %s: must not be negative", t.String())
		}
	}
	return errs
}
