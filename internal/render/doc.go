// Package render turns a valid spec.Swarm into typed Kubernetes objects:
// workloads, Services, autoscalers (HPA or KEDA), PodDisruptionBudgets,
// monitoring and NetworkPolicies, in the order kubectl should apply them.
//
// Render never prints. Each Object remembers the spec path that produced it,
// so lint can point a finding about a rendered object at a swarm.yaml line.
// Encoding (EncodeYAML, EncodeJSON, MarshalYAML) is separate and removes the
// noise typed structs serialize with (creationTimestamp: null, status, empty
// maps), so the output is clean, stable and byte-for-byte deterministic.
//
// docs/render.md lists every decision and the agentscale.dev/* annotations
// that lint reads back from rendered or hand-edited manifests.
package render
