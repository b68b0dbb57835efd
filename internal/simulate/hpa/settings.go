package hpa

// Settings are kube-controller-manager's HPA flags: they apply to every HPA
// of a cluster. Durations are whole seconds.
type Settings struct {
	// SyncPeriod is --horizontal-pod-autoscaler-sync-period.
	SyncPeriod int64
	// Tolerance is --horizontal-pod-autoscaler-tolerance; an HPA's
	// behavior.scaleUp/scaleDown.tolerance overrides it per direction.
	Tolerance float64
	// DownscaleWindow is --horizontal-pod-autoscaler-downscale-stabilization:
	// the window of the path without behavior, and of behavior.scaleDown
	// when it leaves stabilizationWindowSeconds unset.
	DownscaleWindow int64
	// CPUInitializationPeriod is --horizontal-pod-autoscaler-cpu-initialization-period:
	// for this long after a pod starts, a CPU sample taken less than one
	// metric window after the pod turned Ready is ignored.
	CPUInitializationPeriod int64
	// InitialReadinessDelay is --horizontal-pod-autoscaler-initial-readiness-delay:
	// after the initialization period, a pod that is not Ready is ignored
	// for CPU only if its Ready condition last changed within this delay of
	// its start (it never was Ready). A starting pod's condition turns
	// False as it starts, so only a delay of 0 lets the CPU of pods still
	// starting after the initialization period count.
	InitialReadinessDelay int64
	// MetricWindow is the window metrics-server reports with each CPU
	// sample (its --metric-resolution).
	MetricWindow int64
}

// DefaultSettings are upstream's defaults: kube-controller-manager's
// pkg/controller/podautoscaler/config/v1alpha1/defaults.go and
// metrics-server's --metric-resolution.
func DefaultSettings() Settings {
	return Settings{
		SyncPeriod:              SyncPeriod,
		Tolerance:               DefaultTolerance,
		DownscaleWindow:         DownscaleWindow,
		CPUInitializationPeriod: 300,
		InitialReadinessDelay:   30,
		MetricWindow:            15,
	}
}

// CPUInitialized reports whether a pod that started at started is past the
// CPU initialization period at now.
func (s Settings) CPUInitialized(now, started int64) bool {
	return started+s.CPUInitializationPeriod <= now
}

// CPUWarming reports whether the controller ignores a Ready pod's CPU
// sample taken at now: the pod started at started, inside the CPU
// initialization period, and turned Ready at readyAt, less than one metric
// window before the sample (groupPods; the sample is taken at the sync).
func (s Settings) CPUWarming(now, started, readyAt int64) bool {
	return started+s.CPUInitializationPeriod > now && now < readyAt+s.MetricWindow
}
