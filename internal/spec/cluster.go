package spec

import (
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// maxSetting bounds a controller duration: a day is longer than any
// controller waits, and keeps the simulation's arithmetic small.
const maxSetting = 24 * time.Hour

// clusterDocument checks that a kind: Cluster document holds only what a
// cluster is: node pools and controller settings.
func (v *validator) clusterDocument() {
	if !v.s.IsCluster() {
		return
	}
	sp := &v.s.Spec
	for _, f := range []struct {
		field string
		set   bool
	}{
		{"defaults", sp.Defaults != nil}, {"headroom", sp.Headroom != nil}, {"monitoring", sp.Monitoring != nil},
		{"networkPolicy", sp.NetworkPolicy}, {"roles", len(sp.Roles) > 0}, {"environments", len(sp.Environments) > 0},
		{"scenarios", len(sp.Scenarios) > 0},
	} {
		if f.set {
			v.errorf("spec."+f.field, "a Cluster document holds only spec.nodePools and spec.cluster; %s belongs in a Swarm", f.field)
		}
	}
}

// cluster checks spec.cluster: simulate steps in whole seconds, so every
// duration is whole seconds; the periods a controller repeats on are at
// least one second.
func (v *validator) cluster() {
	c := v.s.Spec.Cluster
	if c == nil {
		return
	}
	type setting struct {
		field  string
		d      *metav1.Duration
		period bool
	}
	var all []setting
	if h := c.HPA; h != nil {
		all = append(all, setting{"hpa.syncPeriod", h.SyncPeriod, true}, setting{"hpa.downscaleStabilization", h.DownscaleStabilization, false},
			setting{"hpa.cpuInitializationPeriod", h.CPUInitializationPeriod, false}, setting{"hpa.initialReadinessDelay", h.InitialReadinessDelay, false})
	}
	if a := c.ClusterAutoscaler; a != nil {
		all = append(all, setting{"clusterAutoscaler.scanInterval", a.ScanInterval, true}, setting{"clusterAutoscaler.scaleDownUnneededTime", a.ScaleDownUnneededTime, false},
			setting{"clusterAutoscaler.scaleDownDelayAfterAdd", a.ScaleDownDelayAfterAdd, false}, setting{"clusterAutoscaler.maxNodeProvisionTime", a.MaxNodeProvisionTime, true},
			setting{"clusterAutoscaler.newPodScaleUpDelay", a.NewPodScaleUpDelay, false})
	}
	if k := c.KEDA; k != nil {
		all = append(all, setting{"keda.pollingInterval", k.PollingInterval, true})
	}
	if m := c.MetricsServer; m != nil {
		all = append(all, setting{"metricsServer.metricResolution", m.MetricResolution, true})
	}
	for _, s := range all {
		if s.d == nil {
			continue
		}
		path, d := "spec.cluster."+s.field, s.d.Duration
		switch {
		case d < 0:
			v.errorf(path, "%s is negative", d)
		case s.period && d < time.Second:
			v.errorf(path, "%s is shorter than a second: simulate steps in whole seconds", d)
		case d%time.Second != 0:
			v.errorf(path, "%s is not a whole number of seconds: simulate steps in whole seconds", d)
		case d > maxSetting:
			v.errorf(path, "%s is longer than a day", d)
		}
	}
}
