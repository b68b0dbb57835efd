package kustomize

import (
	"sort"

	"github.com/agentscale/agentscale/internal/render"
)

// batchSize bounds the objects one kustomize build sees. kustomize's name
// reference pass compares every reference with every object, so a build
// grows faster than quadratically: 600 objects take ~0.5 s, 2,400 over a
// minute. Builds of at most batchSize objects keep the whole linear (about
// 0.3 s of CPU per 600 objects; 64 measured best between 12 and 240).
const batchSize = 64

// batches splits objs into groups of whole roles (swarm-level objects form
// one more group), packed in order into batches of at most size objects; a
// role larger than size stays whole. Every reference kustomize rewrites
// (a ScaledObject's target, a pod's ServiceAccount, the headroom's
// PriorityClass) stays inside one group, so building batch by batch gives
// the objects one build would, and every patch has a target (see
// implicitTarget), so a batch without its object simply does not match.
func batches(objs []render.Object, size int) [][]int {
	var order []int
	groups := map[int][]int{}
	for i, o := range objs {
		if _, seen := groups[o.Role]; !seen {
			order = append(order, o.Role)
		}
		groups[o.Role] = append(groups[o.Role], i)
	}
	var out [][]int
	var cur []int
	for _, role := range order {
		g := groups[role]
		if len(cur) > 0 && len(cur)+len(g) > size {
			out = append(out, cur)
			cur = nil
		}
		cur = append(cur, g...)
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	for _, b := range out {
		sort.Ints(b)
	}
	return out
}

// indexed is a built object and the index of the object it came from.
type indexed struct {
	render.Object
	index int
}

// inOrder puts built objects back in the input's (apply) order. Objects a
// patch stripped of their index keep their place after the others.
func inOrder(objs []indexed) []render.Object {
	sort.SliceStable(objs, func(i, j int) bool {
		a, b := objs[i].index, objs[j].index
		return a >= 0 && (b < 0 || a < b)
	})
	out := make([]render.Object, len(objs))
	for i, o := range objs {
		out[i] = o.Object
	}
	return out
}
