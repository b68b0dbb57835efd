// Package yamlpos is agentscale's one YAML reader. Every YAML input —
// swarm files, manifests, KRM ResourceLists, .agentscale.yaml, kustomize
// patch text — goes through Parse, which turns it into a tree of Nodes
// that keep the file, line and column of every key and value.
//
// Parse is where hostile input is stopped, once for all readers:
//   - text only: NUL bytes and invalid UTF-8 are refused at their offset;
//   - a document may hold at most Limits.MaxValues values, counted before
//     the YAML parser allocates anything (each value costs it ~250 bytes)
//     and again with aliases and merge keys expanded;
//   - aliases and merge keys may add at most Limits.MaxAliasBytes bytes of
//     keys and scalars to a document, so one long scalar aliased a
//     thousand times is refused, not copied;
//   - an alias or merge key that refers to a value containing it
//     (`a: &a {<<: *a}`, `&a [*a]`) is a cycle, refused at the alias;
//   - nesting is at most Limits.MaxDepth levels;
//   - duplicate keys and non-scalar keys are errors, as in kubectl.
//
// Scalars resolve as YAML 1.2's core schema does (go.yaml.in/yaml/v3):
// null, bool, int64, float64 (finite only) or string. Merge keys (<<)
// follow YAML 1.1: the mapping's own keys win, then earlier merged
// mappings over later ones.
package yamlpos
