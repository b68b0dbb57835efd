// Package simulate runs a swarm's autoscalers against a load: the HPA and
// KEDA controllers, pod start-up, the scheduler and the Cluster Autoscaler,
// driven by one clock in whole seconds. It answers "what happens to my
// backlog, replicas and node count when 50 campaigns start at once?" before
// production does.
//
// The pieces live in sub-packages, each tested on its own: load (patterns
// and CSV), hpa, keda, cluster (pods, scheduler, Cluster Autoscaler),
// override (--set), output (table, CSV, JSON) and plot. This package builds
// them from a spec.Swarm (model.go), steps them (engine.go) and sums up the
// run (summary.go). docs/simulate.md lists every modelled rule, its source
// in Kubernetes, KEDA and cluster-autoscaler, and every simplification.
package simulate
