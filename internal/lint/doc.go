// Package lint checks Kubernetes objects — rendered in memory from a
// swarm.yaml, or read from manifest files — against rules that know what an
// agent swarm needs (requests, disruption budgets, one autoscaler per
// workload, ...).
//
// A rule is declared once as a *Rule value (id, severity, why, fix and a
// Check function); the same declaration feeds `agentscale lint --list-rules`,
// `agentscale explain`, docs/rules.md and the SARIF rule metadata. The checks
// themselves live in internal/lint/rules; this package is the engine: it
// loads inputs, runs the rules, maps each finding to the line that causes it,
// applies suppressions and levels, and sorts the result. Printing is the job
// of internal/lint/report.
package lint
