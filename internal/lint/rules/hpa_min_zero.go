package rules

import (
	autoscalingv2 "k8s.io/api/autoscaling/v2"

	"github.com/agentscale/agentscale/internal/lint"
)

// HPAMinZero: HorizontalPodAutoscalers that ask to scale to zero. Clusters
// with the feature gate on suppress or switch off the rule in config.
var HPAMinZero = &lint.Rule{
	ID:       "hpa-min-zero",
	Severity: lint.Error,
	Why:      "The API server rejects an HPA with minReplicas 0 unless the alpha HPAScaleToZero feature gate is on, and even then it only scales to zero on Object or External metrics.",
	Fix:      "Scale to zero with KEDA (in swarm.yaml: scaling.keda with replicas.min 0), or set minReplicas to 1 or more.",
	Check:    checkHPAMinZero,
}

func checkHPAMinZero(c *lint.Context) {
	for _, a := range c.Kind("HorizontalPodAutoscaler") {
		hpa, ok := a.Obj.(*autoscalingv2.HorizontalPodAutoscaler)
		if !ok || hpa.Spec.MinReplicas == nil || *hpa.Spec.MinReplicas != 0 {
			continue // unset defaults to 1
		}
		c.Report(a, lint.At("spec.minReplicas", "replicas.min"),
			"HorizontalPodAutoscaler %s has minReplicas 0, which needs the HPAScaleToZero feature gate", a.Name())
	}
}
