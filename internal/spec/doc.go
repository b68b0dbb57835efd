// Package spec is the swarm.yaml format: its Go types, a loader that keeps the
// position of every field, defaults and environments, the embedded JSON Schema
// and the semantic validation the schema cannot express.
//
// Data flows one way:
//
//	bytes ─► parse (yaml.Node) ─► tree (positions kept) ─► defaults/env merged
//	      ─► JSON Schema ─► strict decode into Swarm ─► semantic checks
//
// Every error is an Error{Pos, Path, Msg}; printing is the caller's job.
// This package imports none of agentscale's other packages.
package spec
