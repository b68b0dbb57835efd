package lint

import (
	"strconv"

	"github.com/agentscale/agentscale/internal/render"
	"github.com/agentscale/agentscale/internal/spec"
)

// Annotations that carry a swarm's intent on rendered objects, so that
// linting `agentscale render` output knows what linting the swarm knows.
// render writes them (its constants are their one home); people may write
// them on hand-made manifests too.
const (
	AnnotationRole            = render.AnnotationRole            // role name
	AnnotationState           = render.AnnotationState           // stateless, soft or hard
	AnnotationIdentity        = render.AnnotationIdentity        // "stable": a StatefulSet for its pod names
	AnnotationNodePool        = render.AnnotationNodePool        // pool name
	AnnotationPoolAllocatable = render.AnnotationAllocatable     // "cpu=3800m,memory=14Gi"
	AnnotationPoolMaxNodes    = render.AnnotationPoolMaxNodes    // "20"
	AnnotationPartitions      = render.AnnotationKafkaPartitions // "50" or "50,12": per Kafka trigger, in order
	AnnotationIgnore          = render.AnnotationIgnore          // "rule-a,rule-b"
	AnnotationIgnoreReason    = render.AnnotationIgnoreReason    // why
)

// intentFromAnnotations reads the intent of a manifest object. Values that
// do not parse are treated as absent: rules then stay silent rather than
// guess.
func intentFromAnnotations(o *Object) Intent {
	ann := o.Obj.GetAnnotations()
	if pod, _ := o.PodTemplate(); pod != nil && len(pod.Annotations) > 0 {
		merged := make(map[string]string, len(ann)+len(pod.Annotations))
		for k, v := range pod.Annotations {
			merged[k] = v
		}
		for k, v := range ann { // the object's own annotations win
			merged[k] = v
		}
		ann = merged
	}
	in := Intent{Role: ann[AnnotationRole]}
	switch s := spec.State(ann[AnnotationState]); s {
	case spec.Stateless, spec.Soft, spec.Hard:
		in.State = s
	}
	in.StableIdentity = ann[AnnotationIdentity] == render.IdentityStable
	if name := ann[AnnotationNodePool]; name != "" {
		in.Pool = &spec.NodePool{Name: name, Allocatable: render.ParseResources(ann[AnnotationPoolAllocatable])}
		if n, err := strconv.ParseInt(ann[AnnotationPoolMaxNodes], 10, 32); err == nil && n > 0 {
			in.Pool.MaxNodes = int32(n)
		}
	}
	if p := ann[AnnotationPartitions]; p != "" {
		in.Partitions = parsePartitions(o, p)
	}
	return in
}

// parsePartitions maps "50,12" onto the object's Kafka triggers, in order;
// a single count applies to all (render writes one count per Kafka trigger).
func parsePartitions(o *Object, s string) map[int]int32 {
	kafka := kafkaTriggers(o)
	out := map[int]int32{}
	for i, n := range render.ParsePartitions(s, len(kafka)) {
		if n > 0 {
			out[kafka[i]] = n
		}
	}
	return out
}
