package simulate

import (
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/agentscale/agentscale/internal/simulate/cluster"
	"github.com/agentscale/agentscale/internal/simulate/hpa"
	"github.com/agentscale/agentscale/internal/spec"
)

// Settings are the cluster's controller flags: what a run takes from the
// cluster rather than from the swarm's objects.
type Settings struct {
	// HPA are kube-controller-manager's horizontal-pod-autoscaler flags
	// (and metrics-server's resolution, which the HPA's CPU rules read).
	HPA hpa.Settings
	// CA are the Cluster Autoscaler's flags.
	CA cluster.Settings
	// KEDAPolling is the polling interval of ScaledObjects and ScaledJobs
	// that leave it unset, seconds.
	KEDAPolling int64
}

// DefaultSettings are upstream's defaults (docs/simulate.md lists each with
// its source).
func DefaultSettings() Settings {
	return Settings{HPA: hpa.DefaultSettings(), CA: cluster.DefaultSettings(), KEDAPolling: spec.DefaultKEDAPollingInterval}
}

// SettingsFor is DefaultSettings with what the swarm's spec.cluster sets.
func SettingsFor(c *spec.Cluster) Settings {
	s := DefaultSettings()
	if c == nil {
		return s
	}
	if h := c.HPA; h != nil {
		seconds(&s.HPA.SyncPeriod, h.SyncPeriod)
		seconds(&s.HPA.DownscaleWindow, h.DownscaleStabilization)
		seconds(&s.HPA.CPUInitializationPeriod, h.CPUInitializationPeriod)
		seconds(&s.HPA.InitialReadinessDelay, h.InitialReadinessDelay)
		if h.Tolerance != nil {
			s.HPA.Tolerance = *h.Tolerance
		}
	}
	if m := c.MetricsServer; m != nil {
		seconds(&s.HPA.MetricWindow, m.MetricResolution)
	}
	if a := c.ClusterAutoscaler; a != nil {
		seconds(&s.CA.ScanInterval, a.ScanInterval)
		seconds(&s.CA.ScaleDownUnneededTime, a.ScaleDownUnneededTime)
		seconds(&s.CA.ScaleDownDelayAfterAdd, a.ScaleDownDelayAfterAdd)
		seconds(&s.CA.MaxNodeProvisionTime, a.MaxNodeProvisionTime)
		seconds(&s.CA.NewPodScaleUpDelay, a.NewPodScaleUpDelay)
		if a.ScaleDownUtilizationThreshold != nil {
			s.CA.ScaleDownUtilization = *a.ScaleDownUtilizationThreshold
		}
		if a.MaxEmptyBulkDelete != nil {
			s.CA.MaxEmptyBulkDelete = int(*a.MaxEmptyBulkDelete)
		}
	}
	if k := c.KEDA; k != nil {
		seconds(&s.KEDAPolling, k.PollingInterval)
	}
	return s
}

func seconds(dst *int64, d *metav1.Duration) {
	if d != nil {
		*dst = int64(d.Duration / time.Second)
	}
}
