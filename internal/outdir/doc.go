// Package outdir writes rendered objects as a kustomize directory: one file
// per object, named <kind>-<name>.yaml, plus a kustomization.yaml listing
// them in apply order, so that `kubectl apply -k DIR` applies exactly what
// `agentscale render` would have piped to `kubectl apply -f -`.
//
// Writing is all or nothing. Every byte is produced in memory first, then
// written into a temporary directory beside DIR and swapped in with one
// rename: a failed render, a full disk or a killed process leaves DIR as it
// was. Every output records what it wrote, with content hashes, in
// .agentscale.sha256; an existing DIR is replaced only when it is empty or
// holds nothing but those files, unchanged. Anything else (a file a person
// added or edited, a subdirectory, a link) is refused, so agentscale never
// deletes what a person wrote.
package outdir
