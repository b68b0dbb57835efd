// Package cluster models the part of Kubernetes that turns a replica count
// into running capacity: pods that wait for a node and then for start-up,
// the scheduler that places them (with pre-emption of low-priority headroom
// pods), and the Cluster Autoscaler that adds nodes for pending pods and
// removes nodes that stay unneeded.
//
// The Cluster Autoscaler rules follow kubernetes/autoscaler
// cluster-autoscaler: core/static_autoscaler.go (RunOnce, scale-down
// cooldown), core/scaleup (scale-up for unschedulable pods with the binpacking
// estimator), core/scaledown/planner and eligibility (utilization threshold,
// unneeded time) and simulator/drain.go (PodDisruptionBudgets). Defaults are
// those of cluster-autoscaler's flags (config/const.go).
package cluster
