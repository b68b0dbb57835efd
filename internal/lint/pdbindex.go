package lint

import (
	"sort"
	"sync"

	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
)

// pdbIndex finds the PodDisruptionBudgets selecting a pod without testing
// every budget against every workload: a budget with matchLabels is filed
// under one of its label pairs, and only budgets filed under one of the
// pod's own labels (or with expressions only) are tested in full.
type pdbIndex struct {
	byLabel map[pdbKey][]pdbEntry
	scan    map[string][]pdbEntry // namespace → budgets without matchLabels
	// memo keeps the answer per namespace and label set: workloads often
	// share their pods' labels (a thousand Deployments and a thousand
	// budgets on one selector would otherwise cost a million tests per
	// rule that asks). Rules ask concurrently.
	mu   *sync.Mutex
	memo map[string][]*Object
}

type pdbKey struct{ namespace, key, value string }

type pdbEntry struct {
	obj   *Object
	order int
	sel   labels.Selector
}

func newPDBIndex(objs []*Object) pdbIndex {
	ix := pdbIndex{byLabel: map[pdbKey][]pdbEntry{}, scan: map[string][]pdbEntry{}, mu: &sync.Mutex{}, memo: map[string][]*Object{}}
	for i, o := range objs {
		pdb, ok := o.Obj.(*policyv1.PodDisruptionBudget)
		if !ok || pdb.Spec.Selector == nil {
			continue // a nil selector selects no pods (policy/v1)
		}
		sel, err := metav1.LabelSelectorAsSelector(pdb.Spec.Selector)
		if err != nil {
			continue
		}
		e := pdbEntry{obj: o, order: i, sel: sel}
		ns := o.Namespace()
		if k, ok := firstLabel(pdb.Spec.Selector.MatchLabels); ok {
			key := pdbKey{ns, k, pdb.Spec.Selector.MatchLabels[k]}
			ix.byLabel[key] = append(ix.byLabel[key], e)
		} else {
			ix.scan[ns] = append(ix.scan[ns], e)
		}
	}
	return ix
}

func firstLabel(m map[string]string) (string, bool) {
	first, ok := "", false
	for k := range m {
		if !ok || k < first {
			first, ok = k, true
		}
	}
	return first, ok
}

// matching returns the budgets of namespace ns selecting pods labelled
// podLabels, in input order. The slice is shared: callers must not change it.
func (ix pdbIndex) matching(ns string, podLabels map[string]string) []*Object {
	key := ns + "\x00" + labels.Set(podLabels).String()
	ix.mu.Lock()
	out, ok := ix.memo[key]
	ix.mu.Unlock()
	if ok {
		return out
	}
	out = ix.match(ns, podLabels)
	ix.mu.Lock()
	ix.memo[key] = out
	ix.mu.Unlock()
	return out
}

func (ix pdbIndex) match(ns string, podLabels map[string]string) []*Object {
	set := labels.Set(podLabels)
	var hits []pdbEntry
	test := func(es []pdbEntry) {
		for _, e := range es {
			if e.sel.Matches(set) {
				hits = append(hits, e)
			}
		}
	}
	for k, v := range podLabels {
		test(ix.byLabel[pdbKey{ns, k, v}])
	}
	test(ix.scan[ns])
	if len(hits) == 0 {
		return nil
	}
	sort.Slice(hits, func(i, j int) bool { return hits[i].order < hits[j].order })
	out := make([]*Object, len(hits))
	for i, e := range hits {
		out[i] = e.obj
	}
	return out
}
