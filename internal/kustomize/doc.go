// Package kustomize applies an environment's kustomize fields (patches,
// images, namespace, commonLabels, commonAnnotations, namePrefix,
// nameSuffix) to rendered objects with kustomize's own engine
// (sigs.k8s.io/kustomize/api/krusty), entirely in memory.
//
// It is the only agentscale package that imports krusty. Apply returns at
// once when the environment has no kustomize fields, so the common path
// never builds a kustomization; importing krusty costs about 1 ms of init
// time (measured with GODEBUG=inittrace=1), so it is linked in normally.
//
// kustomize does not know the KEDA kinds, so Apply adds name references
// for them: a namePrefix renames a Deployment and the ScaledObject that
// scales it together. A failing build is reported at the kustomize field
// that causes it (file:line:col of that patch or image), found by building
// each field on its own.
package kustomize
