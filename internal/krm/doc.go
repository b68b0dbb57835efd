// Package krm runs agentscale as a KRM function (the kustomize/kpt
// function protocol): it reads a ResourceList whose functionConfig is a
// Swarm, renders it like `agentscale render`, and writes the ResourceList
// back with the rendered objects appended to its items.
//
// It is a generator: in a kustomization it goes under generators:, with the
// annotation config.kubernetes.io/function: {exec: {path: agentscale, args:
// [render, --krm]}}. Objects it generated on an earlier run (labels
// app.kubernetes.io/managed-by: agentscale and part-of the same swarm) are
// replaced rather than duplicated, so `kpt fn render` can run it again.
//
// An invalid Swarm yields results of severity error, one per problem,
// each with the field path and the file:line:col inside the functionConfig,
// and a non-zero exit; the items are then returned unchanged.
package krm
