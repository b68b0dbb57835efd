package rules

import (
	"fmt"
	"math"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/agentscale/agentscale/internal/keda"
	"github.com/agentscale/agentscale/internal/lint"
)

// PDBBlocksEviction: budgets that never allow a voluntary eviction, computed
// as the disruption controller does (percentages round up). maxUnavailable
// 0 or 0% and minAvailable 100% always block. A count or other percentage
// blocks when it is at least the fewest pods the selected workloads run
// together: each one's autoscaler minimum, else spec.replicas; a workload
// KEDA scales to zero still blocks at its first replica. When the selected
// workloads are not in the input, or are not scalable (DaemonSets, Jobs,
// bare pods), that count is unknown and the rule stays silent.
var PDBBlocksEviction = &lint.Rule{
	ID:       "pdb-blocks-eviction",
	Severity: lint.Error,
	Why:      "A PodDisruptionBudget that allows zero disruptions makes every eviction fail, so node drains, upgrades and Cluster Autoscaler scale-down wait forever.",
	Fix:      "Use maxUnavailable: 1 (the swarm default), or a minAvailable below the fewest replicas the workload runs (its fixed count or the autoscaler's minimum).",
	Check:    checkPDBBlocksEviction,
}

func checkPDBBlocksEviction(c *lint.Context) {
	// Workloads whose pods carry the same labels are selected by the same
	// budgets: a budget's workloads are gathered a label set at a time, so
	// a thousand budgets on one selector cost a thousand steps, not a
	// million.
	selected := map[*lint.Object][]*workloadSet{}
	sets := map[string]*workloadSet{}
	var order []*workloadSet
	for _, w := range c.Workloads() {
		pod, _ := w.PodTemplate()
		key := w.Namespace() + "\x00" + labels.Set(pod.Labels).String()
		ws := sets[key]
		if ws == nil {
			ws = &workloadSet{}
			sets[key] = ws
			order = append(order, ws)
		}
		ws.add(c, w)
	}
	for _, ws := range order {
		for _, p := range c.PDBsFor(ws.objs[0]) {
			selected[p] = append(selected[p], ws)
		}
	}
	for _, o := range c.Kind("PodDisruptionBudget") {
		pdb, ok := o.Obj.(*policyv1.PodDisruptionBudget)
		if !ok {
			continue
		}
		checkBudget(c, o, pdb.Spec, selected[o])
	}
}

// workloadSet is the workloads whose pods carry one label set, with what
// the budget check needs of them summed once.
type workloadSet struct {
	objs      []*lint.Object
	counted   bool // every one has a replica count (no DaemonSet, Job, pod)
	sum, most int64
}

func (ws *workloadSet) add(c *lint.Context, w *lint.Object) {
	if len(ws.objs) == 0 {
		ws.counted = true
	}
	ws.objs = append(ws.objs, w)
	switch w.Obj.(type) {
	case *appsv1.Deployment, *appsv1.StatefulSet, *appsv1.ReplicaSet:
		ws.sum += int64(minReplicas(c, w))
		ws.most += int64(c.MaxReplicas(w))
	default:
		ws.counted = false // DaemonSets, Jobs and bare pods have no replica count
	}
}

func checkBudget(c *lint.Context, o *lint.Object, s policyv1.PodDisruptionBudgetSpec, ws []*workloadSet) {
	switch {
	case s.MaxUnavailable != nil:
		// maxUnavailable rounds up, so any non-zero value allows one eviction
		if v, ok := budgetValue(s.MaxUnavailable, 100); ok && v == 0 {
			c.Report(o, lint.At("spec.maxUnavailable", "disruption.maxUnavailable"),
				"maxUnavailable %s allows no eviction at all", s.MaxUnavailable.String())
		}
	case s.MinAvailable != nil:
		m := s.MinAvailable
		at := lint.At("spec.minAvailable", "disruption.minAvailable")
		if m.Type == intstr.String && m.StrVal == "100%" {
			c.Report(o, at, "minAvailable %s allows no eviction at all", m.StrVal)
			return
		}
		n, ok := fewestReplicas(ws)
		if !ok {
			return // the pods' count is unknown (not in the input, or not a scalable workload)
		}
		if need, ok := budgetValue(m, n); ok && need >= n {
			c.Report(o, at, "minAvailable %s allows no eviction while %s %s %d %s",
				m.String(), refList(ws), runVerb(ws), n, plural(n, "replica"))
		}
	}
}

// budgetValue is a count, or a percent of total rounded up, as the
// disruption controller computes it; false for a malformed percent.
func budgetValue(v *intstr.IntOrString, total int32) (int32, bool) {
	if v.Type == intstr.String && !strings.HasSuffix(v.StrVal, "%") {
		return 0, false
	}
	n, err := intstr.GetScaledValueFromIntOrPercent(v, int(total), true)
	return int32(n), err == nil
}

// fewestReplicas is the smallest number of pods, above zero, the workloads
// selected by a budget run together: the autoscaler's minimum, else
// spec.replicas. A workload scaled to zero has nothing to evict, so the
// answer is at least 1.
func fewestReplicas(sets []*workloadSet) (int32, bool) {
	if len(sets) == 0 {
		return 0, false
	}
	var sum, most int64
	for _, ws := range sets {
		if !ws.counted {
			return 0, false
		}
		sum += ws.sum
		most += ws.most
	}
	switch {
	case sum > 0:
		return int32(min(sum, math.MaxInt32)), true
	case most > 0:
		return 1, true
	}
	return 0, false
}

// minReplicas is the fewest replicas a workload runs: the lowest minimum of
// its autoscalers (HPA default 1, KEDA default 0), else spec.replicas.
func minReplicas(c *lint.Context, w *lint.Object) int32 {
	as := c.AutoscalersFor(w)
	if len(as) == 0 {
		if r := w.Replicas(); r != nil {
			return *r
		}
		return 1
	}
	least := int32(-1)
	for _, a := range as {
		m := int32(1)
		switch x := a.Obj.(type) {
		case *autoscalingv2.HorizontalPodAutoscaler:
			if x.Spec.MinReplicas != nil {
				m = *x.Spec.MinReplicas
			}
		case *keda.ScaledObject:
			m = kedaMinReplicaCount(x)
		}
		if least < 0 || m < least {
			least = m
		}
	}
	return least
}

// refList names the workloads of sets: all of them up to three, else the
// first three and how many more.
func refList(sets []*workloadSet) string {
	var refs []string
	n := 0
	for _, ws := range sets {
		for _, w := range ws.objs {
			n++
			if len(refs) < 3 {
				refs = append(refs, w.Kind+" "+w.Name())
			}
		}
	}
	if n > 3 {
		return strings.Join(refs, ", ") + fmt.Sprintf(" and %d more", n-3)
	}
	return strings.Join(refs, " and ")
}

func runVerb(sets []*workloadSet) string {
	if len(sets) == 1 && len(sets[0].objs) == 1 {
		return "runs"
	}
	return "run"
}

func plural(n int32, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
