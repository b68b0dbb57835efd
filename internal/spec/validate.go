package spec

import (
	"fmt"
	"github.com/agentscale/agentscale/internal/suggest"
	"maps"
	"regexp"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/agentscale/agentscale/internal/secrets"
	"github.com/agentscale/agentscale/internal/yamlpos"
)

// Limits that Kubernetes imposes on the names render derives.
const (
	maxNameLen = 63
	// A StatefulSet's pods carry controller-revision-hash=<name>-<10 chars>,
	// a label value, so the name itself must leave room for 11 characters.
	maxStatefulSetNameLen = 52
	// longest suffix render appends to <swarm>-<role>.
	longestSuffix = "-peers"
)

// ObjectName is the name of the objects rendered for a role: <swarm>-<role>.
func (s *Swarm) ObjectName(role string) string { return s.Metadata.Name + "-" + role }

// Validate runs the semantic checks the schema cannot express. Parse calls
// it; it is exported for callers that build or change a Swarm in code, so
// it fills the implicit defaults first (a role without replicas runs one),
// as Parse does.
func Validate(s *Swarm) ErrorList {
	setImplicitDefaults(s)
	v := &validator{s: s}
	v.metadata()
	v.nodePools()
	v.cluster()
	v.clusterDocument()
	names := map[string]int{}
	for i := range s.Spec.Roles {
		r := &s.Spec.Roles[i]
		if first, dup := names[r.Name]; dup {
			v.errorf(RoleField(i, "name"), "duplicate role name %q (first defined at line %d)", r.Name, s.Pos(RoleField(first, "name")).Line)
		} else {
			names[r.Name] = i
		}
		v.role(i, r)
	}
	if h := s.Spec.Headroom; h != nil {
		if h.NodePool != "" && s.Spec.NodePool(h.NodePool) == nil {
			v.errorf("spec.headroom.nodePool", "node pool %q is not defined in spec.nodePools%s", h.NodePool, suggest.Defined(h.NodePool, poolNames(s)))
		}
		if pools := s.Spec.HeadroomPools(); h.NodePool == "" && len(pools) > 1 {
			v.errorf("spec.headroom", "the roles it could serve run on node pools %s: name the one the headroom holds room in (headroom.nodePool); pause pods elsewhere hold room no agent can use",
				strings.Join(pools, ", "))
		}
		v.resources("spec.headroom.resources", &h.Resources)
	}
	v.scenarios()
	v.apiRules()
	v.patchTexts()
	v.errs.Sort()
	return onceForDefaults(v.errs)
}

// rolePath splits "roles[3].resources.requests" into "resources.requests".
var rolePath = regexp.MustCompile(`^roles\[\d+\]\.`)

// onceForDefaults reports a problem in spec.defaults once, not once per role
// that inherits it: errors at the same position with the same message
// whose paths differ only in the role index become one, at defaults.<field>.
func onceForDefaults(errs ErrorList) ErrorList {
	out := errs[:0]
	first := map[string]*Error{}
	for _, e := range errs {
		field := rolePath.ReplaceAllString(e.Path, "")
		if field == e.Path {
			out = append(out, e)
			continue
		}
		key := e.Pos.String() + "\x00" + field + "\x00" + e.Msg
		if f, dup := first[key]; dup {
			f.Path = "defaults." + field
			continue
		}
		first[key] = e
		out = append(out, e)
	}
	return out
}

// patchTexts checks the kustomize patches of the environment the swarm was
// loaded with, or of every environment when none was (see KustomizeErrors).
func (v *validator) patchTexts() {
	for _, name := range slices.Sorted(maps.Keys(v.s.Spec.Environments)) {
		if v.s.Env == "" || name == v.s.Env {
			v.errs = append(v.errs, KustomizeErrors(v.s, name)...)
		}
	}
}

// Limits on an environment's kustomize patches. Applying patches costs
// time linear in their number and size (about 1 ms per strategic-merge
// patch and object it reaches, 0.2 ms per JSON 6902 patch), but what they
// add to an object (labels, annotations) makes kustomize's later
// transformers quadratic in it: the limits keep that within a second.
const (
	MaxPatches      = 2000
	MaxPatchBytes   = 1 << 20
	MaxPatchesBytes = 4 << 20
	MaxPatchOps     = 10_000
)

// KustomizeErrors reads environment env's kustomize patches with the one
// YAML reader, so a broken or hostile patch fails validate without --env
// too, and before kustomize (whose parser dies of an alias cycle) sees
// it; and it refuses absurd sizes.
func KustomizeErrors(s *Swarm, env string) ErrorList {
	e, ok := s.Spec.Environments[env]
	if !ok || e.Kustomize == nil {
		return nil
	}
	var errs ErrorList
	base := joinKey("spec.environments", env) + ".kustomize.patches"
	at := func(path, format string, args ...any) {
		errs = append(errs, &Error{Pos: s.ValuePos(path), Path: displayPath(path), Msg: fmt.Sprintf(format, args...)})
	}
	patches := e.Kustomize.Patches
	if len(patches) > MaxPatches {
		at(base, "%d patches; at most %d are supported: merge patches that change the same object", len(patches), MaxPatches)
		return errs
	}
	total := 0
	for i, p := range patches {
		path := joinIndex(base, i) + ".patch"
		total += len(p.Patch)
		switch {
		case len(p.Patch) > MaxPatchBytes:
			at(path, "the patch is %d KiB; at most %d KiB are supported", len(p.Patch)>>10, MaxPatchBytes>>10)
			continue
		case total > MaxPatchesBytes:
			at(path, "the patches reach %d KiB here; at most %d KiB in all are supported", total>>10, MaxPatchesBytes>>10)
			return errs
		}
		docs, perrs := yamlpos.Parse(yamlpos.Origin{}, []byte(p.Patch), yamlpos.Default)
		if len(perrs) > 0 {
			e := perrs[0]
			at(path, "the patch is not valid YAML: line %d: %s", e.Pos.Line, strings.TrimPrefix(e.Msg, "invalid YAML: "))
			continue
		}
		if len(docs) == 1 && docs[0].Kind == yamlpos.List && len(docs[0].Items) > MaxPatchOps {
			at(path, "the JSON 6902 patch has %d operations; at most %d are supported: split it, or patch a whole field at once", len(docs[0].Items), MaxPatchOps)
		}
	}
	return errs
}

type validator struct {
	s    *Swarm
	errs ErrorList
}

func (v *validator) errorf(path, format string, args ...any) {
	v.errs = append(v.errs, &Error{Pos: v.s.ValuePos(path), Path: displayPath(path), Msg: fmt.Sprintf(format, args...)})
}

// keyErrorf is errorf at the key of path: the name is what is wrong.
func (v *validator) keyErrorf(path, format string, args ...any) {
	v.errs = append(v.errs, &Error{Pos: v.s.Pos(path), Path: displayPath(path), Msg: fmt.Sprintf(format, args...)})
}

func (v *validator) metadata() {
	name := v.s.Metadata.Name
	if name != "" && (name[0] < 'a' || name[0] > 'z') {
		v.errorf("metadata.name", "%q must start with a letter: it prefixes Service names, which are DNS-1035 labels", name)
	}
	// Swarm-level objects are named <swarm>-<what>, and that name is also
	// their app.kubernetes.io/instance label, a value of at most 63.
	var what []string
	if v.s.Spec.Headroom != nil {
		what = append(what, "headroom")
	}
	if m := v.s.Spec.Monitoring; m != nil && m.Alerts {
		what = append(what, "alerts")
	}
	if v.s.HasDashboard() {
		what = append(what, "dashboard")
	}
	for _, w := range what {
		if n := len(name) + 1 + len(w); n > maxNameLen {
			v.errorf("metadata.name", "object name %q would be %d characters; Kubernetes allows %d: shorten the swarm name", name+"-"+w, n, maxNameLen)
			return
		}
	}
}

func (v *validator) nodePools() {
	seen := map[string]bool{}
	for i, p := range v.s.Spec.NodePools {
		path := joinIndex("spec.nodePools", i)
		if seen[p.Name] {
			v.errorf(path+".name", "duplicate node pool %q", p.Name)
		}
		seen[p.Name] = true
		if p.MinNodes > p.MaxNodes {
			v.errorf(path+".minNodes", "minNodes (%d) must be <= maxNodes (%d)", p.MinNodes, p.MaxNodes)
		}
		for _, res := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
			if q, ok := p.Allocatable[res]; ok && q.Sign() <= 0 {
				v.errorf(path+".allocatable."+string(res), "must be > 0")
			}
		}
	}
}

func (v *validator) role(i int, r *Role) {
	at := func(field string) string { return RoleField(i, field) }
	if r.Image == "" {
		v.errorf(at("name"), "role %q has no image: set image on the role or in spec.defaults", r.Name)
	}
	v.names(i, r)
	if r.Name == "headroom" && v.s.Spec.Headroom != nil {
		v.errorf(at("name"), "role name %q is taken by the headroom Deployment (%s): rename the role", r.Name, v.s.ObjectName(r.Name))
	}
	kind := r.WorkloadKind()
	switch {
	case r.State == Hard && kind != WorkloadStatefulSet:
		v.errorf(at("workload"), "a hard-stateful role needs a StatefulSet (stable identity and its own disk), not a %s", kind)
	case r.Storage != nil && kind != WorkloadStatefulSet:
		v.errorf(at("storage"), "storage needs a StatefulSet: set state: hard (or workload: StatefulSet)")
	case r.StableIdentity && kind != WorkloadStatefulSet:
		v.errorf(at("stableIdentity"), "a stable identity needs a StatefulSet, not a %s: drop workload or stableIdentity", kind)
	case r.State == Hard && r.Storage == nil:
		// docs/spec.md: hard state is a stable identity and its own disk.
		v.errorf(at("state"), "a hard-stateful role needs storage (size and mountPath), its own disk: without one its state is lost whenever a pod is replaced; use state: soft if the state can be rebuilt from an external store (with stableIdentity: true if the agents need stable names, e.g. to shard by ordinal)")
	}
	if r.NodePool != "" && v.s.Spec.NodePool(r.NodePool) == nil {
		v.errorf(at("nodePool"), "node pool %q is not defined in spec.nodePools%s", r.NodePool, suggest.Defined(r.NodePool, poolNames(v.s)))
	}
	if r.Resources != nil {
		v.resources(at("resources"), r.Resources)
	}
	v.replicas(i, r)
	v.scaling(i, r)
	v.env(at("env"), r.Env)
	v.ports(i, r)
}

func (v *validator) names(i int, r *Role) {
	name := v.s.ObjectName(r.Name)
	if n := len(name) + len(longestSuffix); n > maxNameLen {
		v.errorf(RoleField(i, "name"), "object names %q (+%q) would be %d characters; Kubernetes allows %d: shorten the swarm or role name",
			name, longestSuffix, n, maxNameLen)
		return
	}
	if r.WorkloadKind() == WorkloadStatefulSet && len(name) > maxStatefulSetNameLen {
		v.errorf(RoleField(i, "name"), "StatefulSet name %q is %d characters; pods' revision labels need it within %d",
			name, len(name), maxStatefulSetNameLen)
	}
}

func (v *validator) resources(path string, rr *corev1.ResourceRequirements) {
	for res, limit := range rr.Limits {
		if req, ok := rr.Requests[res]; ok && limit.Cmp(req) < 0 {
			v.errorf(path+".limits."+string(res), "limit %s is below the request %s", limit.String(), req.String())
		}
	}
	for res, q := range rr.Requests {
		if q.Sign() < 0 {
			v.errorf(path+".requests."+string(res), "must not be negative")
		}
	}
}

func (v *validator) replicas(i int, r *Role) {
	path := RoleField(i, "replicas")
	rep := r.Replicas
	if !rep.Fixed && rep.Min > rep.Max {
		v.errorf(path+".min", "min (%d) must be <= max (%d)", rep.Min, rep.Max)
	}
	scaled := r.Autoscaler() != ""
	switch {
	case scaled && rep.Fixed && v.s.Has(path):
		v.errorf(path, "an autoscaled role needs a range, e.g. replicas: {min: 1, max: %d}; a fixed count would fight the autoscaler", max(rep.Max, 10))
	case scaled && rep.Fixed:
		v.errorf(RoleField(i, "scaling"), "an autoscaled role needs replicas: {min, max}")
	case !scaled && !rep.Fixed:
		v.errorf(path, "a replica range needs an autoscaler: add scaling.hpa or scaling.keda, or give a fixed count")
	}
}

func (v *validator) scaling(i int, r *Role) {
	sc := r.Scaling
	if sc == nil {
		return
	}
	path := RoleField(i, "scaling")
	if sc.HPA != nil && sc.KEDA != nil {
		v.errorf(path+".keda", "use one autoscaler: hpa or keda, not both (KEDA creates its own HPA, and two HPAs fight)")
	}
	if h := sc.HPA; h != nil {
		v.hpa(path+".hpa", r, h)
	}
	if k := sc.KEDA; k != nil {
		v.keda(path+".keda", r, k)
	}
}

func (v *validator) hpa(path string, r *Role, h *HPA) {
	if r.WorkloadKind() == WorkloadJob {
		v.errorf(path, "an HPA cannot scale a Job: use scaling.keda, which renders a ScaledJob")
	}
	if h.CPU == nil && h.Memory == nil && len(h.Metrics) == 0 {
		v.errorf(path, "an HPA needs at least one of cpu, memory or metrics")
	}
	for j, m := range h.Metrics {
		mp := joinIndex(path+".metrics", j)
		if m.Type == MetricPods && m.TargetType == "Value" {
			v.errorf(mp+".targetType", "Pods metrics are averaged over pods: use AverageValue (or omit targetType)")
		}
		if m.Type != MetricObject && m.DescribedObject != nil {
			v.errorf(mp+".describedObject", "describedObject belongs to Object metrics only")
		}
		if m.Type == MetricObject && m.Selector != nil {
			v.errorf(mp+".selector", "Object metrics select by describedObject, not selector")
		}
		if m.Target.Sign() <= 0 {
			v.errorf(mp+".target", "must be > 0")
		}
	}
}

func (v *validator) keda(path string, r *Role, k *KEDA) {
	job := r.WorkloadKind() == WorkloadJob
	if job && k.Fallback != nil {
		v.errorf(path+".fallback", "fallback applies to ScaledObjects; a Job role renders a ScaledJob")
	}
	if job && k.IdleReplicas != nil {
		v.errorf(path+".idleReplicas", "idleReplicas applies to ScaledObjects; a Job role renders a ScaledJob")
	}
	if k.IdleReplicas != nil && *k.IdleReplicas >= r.Replicas.Min && !r.Replicas.Fixed {
		v.errorf(path+".idleReplicas", "idleReplicas (%d) must be below replicas.min (%d), as KEDA requires", *k.IdleReplicas, r.Replicas.Min)
	}
	for j, t := range k.Triggers {
		tp := joinIndex(path+".triggers", j)
		if a := t.Auth; a != nil {
			switch {
			case a.Secret != "" && a.PodIdentity != nil:
				v.errorf(tp+".auth", "use secret or podIdentity, not both")
			case a.Secret == "" && a.PodIdentity == nil:
				v.errorf(tp+".auth", "auth needs a secret (with params) or a podIdentity")
			case a.Secret != "" && len(a.Params) == 0:
				v.errorf(tp+".auth.params", "list the trigger parameters to read from secret %q, e.g. params: {password: password}", a.Secret)
			}
		}
		if (t.Type == "cpu" || t.Type == "memory") && job {
			v.errorf(tp+".type", "%s triggers cannot scale a ScaledJob", t.Type)
		}
		credentials := map[string]bool{}
		for _, key := range slices.Sorted(maps.Keys(t.Metadata)) {
			if msg := secrets.Obvious(key, t.Metadata[key]); msg != "" {
				credentials[key] = true
				v.errorf(joinKey(tp+".metadata", key), "%s: trigger metadata is written as it is into the ScaledObject, readable by anyone who can read it; move the value to a Secret and name it in auth.params (auth: {secret: NAME, params: {%s: KEY}})", msg, key)
			}
		}
		v.trigger(tp, r, &k.Triggers[j], credentials)
	}
}

// MetadataCredential says what credential a trigger's metadata value
// holds in plain text, by its name and shape ("" for none): validate and
// render refuse those. lint also recognises token formats by value.
func MetadataCredential(key, value string) string { return secrets.Obvious(key, value) }

func (v *validator) env(path string, env []corev1.EnvVar) {
	seen := map[string]bool{}
	for j, e := range env {
		ep := joinIndex(path, j)
		if e.Name == "" {
			v.errorf(ep, "missing required field \"name\"")
		}
		if e.Value != "" && e.ValueFrom != nil {
			v.errorf(ep+".valueFrom", "set value or valueFrom, not both")
		}
		if seen[e.Name] && e.Name != "" {
			v.errorf(ep+".name", "duplicate environment variable %q", e.Name)
		}
		seen[e.Name] = true
	}
}

func (v *validator) ports(i int, r *Role) {
	names := map[string]bool{}
	for j, p := range r.Ports {
		if names[p.Name] {
			v.errorf(joinIndex(RoleField(i, "ports"), j)+".name", "duplicate port name %q", p.Name)
		}
		names[p.Name] = true
	}
}

// poolNames lists the node pools a role may name, in file order.
func poolNames(s *Swarm) []string {
	names := make([]string, len(s.Spec.NodePools))
	for i, p := range s.Spec.NodePools {
		names[i] = p.Name
	}
	return names
}
