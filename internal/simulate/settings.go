package simulate

import "github.com/agentscale/agentscale/internal/simulate/hpa"

// Settings are the cluster's controller flags: what a run takes from the
// cluster rather than from the swarm's objects.
type Settings struct {
	// HPA are kube-controller-manager's horizontal-pod-autoscaler flags.
	HPA hpa.Settings
}

// DefaultSettings are upstream's defaults (docs/simulate.md lists each with
// its source).
func DefaultSettings() Settings {
	return Settings{HPA: hpa.DefaultSettings()}
}
