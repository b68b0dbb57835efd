// Package kustomize applies an environment's kustomize fields (patches,
// images, namespace, commonLabels, commonAnnotations, namePrefix,
// nameSuffix) to rendered objects with kustomize's own engine
// (sigs.k8s.io/kustomize/api/krusty), entirely in memory.
//
// It is the only agentscale package that imports krusty, and Apply returns
// at once when the environment has no kustomize fields. Importing krusty
// costs about 1 ms of package init (GODEBUG=inittrace=1); its real cost is
// size: it links Go's plugin package, which makes a cgo build export every
// symbol (+22 MB binary, +18 MB RSS at start-up). Release builds use
// CGO_ENABLED=0, where plugin is a stub.
//
// What Apply adds to a plain kustomize build:
//   - Strategic-merge patches without a target get one from the object they
//     name (kind and name, any namespace), so patches need not repeat the
//     namespace the swarm chose; a patch naming an object the swarm does not
//     render is an error, as in kustomize.
//   - kustomize does not know the KEDA kinds: name references for
//     ScaledObject and ScaledJob targets and TriggerAuthentications let a
//     namePrefix rename both ends of each reference.
//   - Patches run first, once, through kustomize's own PatchTransformer
//     (kustomize runs it before every other transformer used here), each
//     only on the objects its target can select, one object at a time;
//     runs of patches on one object are applied as one (prepatch.go).
//     krusty then builds the remaining fields. Built as krusty builds them,
//     every patch would run once per batch and over the whole batch, and
//     JSON 6902 patches grow each object they touch (quadratic: 1,000
//     patches took 7.5 s; now 0.5 s). A differential test and a fuzz target
//     hold the output byte-identical to krusty's own build of the patches.
//   - kustomize's name-reference pass grows faster than quadratically with
//     the number of objects, so objects are built in batches of whole roles
//     (references never cross roles): linear in swarm size, same output.
//   - A failed patch is reported at itself (the pre-pass knows which one
//     fails); another failed build at the field that causes it, found by
//     building each field on its own.
//   - Patch text is read by agentscale's YAML reader first, and absurd
//     sizes are refused (spec.KustomizeErrors): kyaml dies of an
//     unrecoverable stack overflow on an alias that contains itself.
package kustomize
