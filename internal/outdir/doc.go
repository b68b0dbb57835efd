// Package outdir writes rendered objects as a kustomize directory: one file
// per object, named <kind>-<name>.yaml, plus a kustomization.yaml listing
// them in apply order, so that `kubectl apply -k DIR` applies exactly what
// `agentscale render` would have piped to `kubectl apply -f -`.
//
// Writing is all or nothing. Every byte is produced in memory first, then
// written into a temporary directory beside DIR and swapped in with one
// rename: a failed render, a full disk or a killed process leaves DIR as it
// was. An existing DIR is replaced only when it is empty or holds exactly a
// previous agentscale output (its kustomization.yaml carries the
// agentscale.dev/generated-by annotation and every file in DIR is one it
// lists); anything else is refused, so agentscale never deletes a file it
// did not write.
package outdir
