package e2e

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"

	"k8s.io/apimachinery/pkg/api/resource"
)

// subsetDiff reports where the rendered value is not what the server stored.
// The server adds defaults and metadata, so only fields the renderer wrote
// are compared; quantities and numbers compare by value, since the server
// canonicalises them ("0.5" is stored as "500m").
func subsetDiff(path string, rendered, live any) []string {
	switch r := rendered.(type) {
	case nil:
		return nil
	case map[string]any:
		l, ok := live.(map[string]any)
		if !ok {
			if len(r) == 0 && live == nil {
				return nil // an empty map the server omits
			}
			return []string{fmt.Sprintf("%s: rendered %s, server has %s", path, toJSON(rendered), toJSON(live))}
		}
		var diffs []string
		keys := make([]string, 0, len(r))
		for k := range r {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			diffs = append(diffs, subsetDiff(path+"."+k, r[k], l[k])...)
		}
		return diffs
	case []any:
		l, ok := live.([]any)
		if !ok && len(r) == 0 && live == nil {
			return nil
		}
		if !ok || len(l) != len(r) {
			return []string{fmt.Sprintf("%s: rendered %s, server has %s", path, toJSON(rendered), toJSON(live))}
		}
		var diffs []string
		for i := range r {
			diffs = append(diffs, subsetDiff(fmt.Sprintf("%s[%d]", path, i), r[i], l[i])...)
		}
		return diffs
	default:
		if scalarEqual(rendered, live) {
			return nil
		}
		return []string{fmt.Sprintf("%s: rendered %s, server has %s", path, toJSON(rendered), toJSON(live))}
	}
}

func scalarEqual(a, b any) bool {
	if reflect.DeepEqual(a, b) || fmt.Sprint(a) == fmt.Sprint(b) {
		return true
	}
	qa, erra := resource.ParseQuantity(fmt.Sprint(a))
	qb, errb := resource.ParseQuantity(fmt.Sprint(b))
	return erra == nil && errb == nil && qa.Cmp(qb) == 0
}

// index finds objects by kind and name.
type index []object

func (ix index) find(group, kind, name string) object {
	for _, o := range ix {
		if o.kind() == kind && o.name() == name && (group == "*" || o.group() == group) {
			return o
		}
	}
	return nil
}

var workloadKinds = []string{"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"}

// podTemplates returns the pod template labels of every workload, by ref.
func (ix index) podTemplates() map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, o := range ix {
		switch {
		case slices.Contains(workloadKinds, o.kind()):
			out[o.ref()] = o.strMap("spec", "template", "metadata", "labels")
		case o.kind() == "ScaledJob": // the Jobs KEDA creates from it
			out[o.ref()] = o.strMap("spec", "jobTargetRef", "template", "metadata", "labels")
		}
	}
	return out
}

// selects evaluates a metav1.LabelSelector (matchLabels and matchExpressions)
// against a label set. A nil selector selects nothing, as for PDBs.
func selects(sel map[string]any, labels map[string]string) bool {
	if sel == nil {
		return false
	}
	o := object(sel)
	for k, v := range o.strMap("matchLabels") {
		if labels[k] != v {
			return false
		}
	}
	for _, e := range o.list("matchExpressions") {
		em, _ := e.(map[string]any)
		expr := object(em)
		key, op := expr.str("key"), expr.str("operator")
		var values []string
		for _, v := range expr.list("values") {
			values = append(values, fmt.Sprint(v))
		}
		val, has := labels[key]
		switch op {
		case "In":
			if !has || !slices.Contains(values, val) {
				return false
			}
		case "NotIn":
			if has && slices.Contains(values, val) {
				return false
			}
		case "Exists":
			if !has {
				return false
			}
		case "DoesNotExist":
			if has {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// selectsMap is a Service-style selector: every key must match.
func selectsMap(sel, labels map[string]string) bool {
	for k, v := range sel {
		if labels[k] != v {
			return false
		}
	}
	return true
}

// referenceProblems checks, on the objects read back from the server, that
// every reference between them resolves: autoscaler targets exist, and the
// selectors of PDBs, Services, NetworkPolicies, ServiceMonitors and
// PodMonitors select what they are for, and a GrafanaDashboard's ConfigMap
// holds its key.
func referenceProblems(live index) []string {
	var probs []string
	add := func(format string, args ...any) { probs = append(probs, fmt.Sprintf(format, args...)) }
	templates := live.podTemplates()
	matching := func(pred func(map[string]string) bool) []string {
		var refs []string
		for ref, labels := range templates {
			if pred(labels) {
				refs = append(refs, ref)
			}
		}
		sort.Strings(refs)
		return refs
	}
	pdbsPerWorkload := map[string][]string{}

	for _, o := range live {
		switch o.kind() {
		case "HorizontalPodAutoscaler":
			t := object(asMap(o.get("spec", "scaleTargetRef")))
			g, _, _ := strings.Cut(t.str("apiVersion"), "/")
			if !strings.Contains(t.str("apiVersion"), "/") {
				g = ""
			}
			if live.find(g, t.str("kind"), t.str("name")) == nil {
				add("%s: scaleTargetRef %s %s/%s does not exist", o.ref(), t.str("apiVersion"), t.str("kind"), t.str("name"))
			}
		case "ScaledObject":
			t := object(asMap(o.get("spec", "scaleTargetRef")))
			// KEDA's defaults: apps/v1 Deployment.
			kind, apiVersion := t.str("kind"), t.str("apiVersion")
			if kind == "" {
				kind = "Deployment"
			}
			if apiVersion == "" {
				apiVersion = "apps/v1"
			}
			g, _, _ := strings.Cut(apiVersion, "/")
			if !strings.Contains(apiVersion, "/") {
				g = ""
			}
			if live.find(g, kind, t.str("name")) == nil {
				add("%s: scaleTargetRef %s %s/%s does not exist", o.ref(), apiVersion, kind, t.str("name"))
			}
			probs = append(probs, authRefProblems(live, o)...)
		case "ScaledJob":
			probs = append(probs, authRefProblems(live, o)...)
		case "PodDisruptionBudget":
			sel := asMap(o.get("spec", "selector"))
			refs := matching(func(l map[string]string) bool { return selects(sel, l) })
			if len(refs) == 0 {
				add("%s: selector %s selects no workload's pods", o.ref(), toJSON(sel))
			}
			for _, r := range refs {
				pdbsPerWorkload[r] = append(pdbsPerWorkload[r], o.ref())
			}
		case "Service":
			sel := o.strMap("spec", "selector")
			if len(sel) > 0 && len(matching(func(l map[string]string) bool { return selectsMap(sel, l) })) == 0 {
				add("%s: selector %s selects no workload's pods", o.ref(), toJSON(sel))
			}
		case "NetworkPolicy":
			sel := asMap(o.get("spec", "podSelector"))
			if len(sel) > 0 && len(matching(func(l map[string]string) bool { return selects(sel, l) })) == 0 {
				add("%s: podSelector %s selects no workload's pods", o.ref(), toJSON(sel))
			}
		case "ServiceMonitor":
			sel := asMap(o.get("spec", "selector"))
			found := false
			for _, s := range live {
				if s.kind() == "Service" && selects(sel, s.strMap("metadata", "labels")) {
					found = true
				}
			}
			if !found {
				add("%s: selector %s selects no Service", o.ref(), toJSON(sel))
			}
		case "PodMonitor":
			sel := asMap(o.get("spec", "selector"))
			if len(matching(func(l map[string]string) bool { return selects(sel, l) })) == 0 {
				add("%s: selector %s selects no workload's pods", o.ref(), toJSON(sel))
			}
		case "GrafanaDashboard":
			ref := object(asMap(o.get("spec", "configMapRef")))
			cm := live.find("", "ConfigMap", ref.str("name"))
			if cm == nil || cm.str("data", ref.str("key")) == "" {
				add("%s: configMapRef %s key %s is not a ConfigMap key the output holds", o.ref(), ref.str("name"), ref.str("key"))
			}
		}
	}
	// The eviction API refuses to evict a pod covered by two PDBs.
	for w, pdbs := range pdbsPerWorkload {
		if len(pdbs) > 1 {
			add("%s: pods are selected by %d PodDisruptionBudgets: %s", w, len(pdbs), strings.Join(pdbs, ", "))
		}
	}
	sort.Strings(probs)
	return probs
}

// authRefProblems checks that KEDA triggers' authenticationRefs exist.
func authRefProblems(live index, o object) []string {
	var probs []string
	for i, tr := range o.list("spec", "triggers") {
		ref := object(asMap(object(asMap(tr)).get("authenticationRef")))
		if ref == nil || ref.str("name") == "" {
			continue
		}
		kind := ref.str("kind")
		if kind == "" {
			kind = "TriggerAuthentication"
		}
		if live.find("keda.sh", kind, ref.str("name")) == nil {
			probs = append(probs, fmt.Sprintf("%s: triggers[%d].authenticationRef %s %s does not exist", o.ref(), i, kind, ref.str("name")))
		}
	}
	return probs
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}
