// Package manifest reads Kubernetes manifests — multi-document YAML, JSON,
// v1 List objects — into typed objects, keeping just enough to point back
// at a line.
//
// Documents are split on `---` lines and decoded by a few workers, each
// parsed once (YAML → JSON → typed struct). Field positions are not kept:
// Document.Pos re-parses the one document that needs them, which only
// happens for documents that have findings.
package manifest
