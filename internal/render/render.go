package render

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/agentscale/agentscale/internal/spec"
)

// Options change how a swarm is rendered.
type Options struct {
	// Namespace overrides metadata.namespace when non-empty. When neither is
	// set, objects carry no namespace and kubectl's context namespace applies.
	Namespace string
	// NoDashboard leaves the Grafana dashboard out: its JSON (about 10 KB
	// a role) is agentscale's own, with nothing lint's rules judge or
	// simulate reads, and building it was a third of a pre-commit lint.
	NoDashboard bool
}

// stage orders objects for kubectl apply: what others refer to comes first.
type stage int

const (
	stageNamespace stage = iota
	stagePriorityClass
	stageServiceAccount
	stageConfigMap
	stageService
	stageWorkload
	stageHPA
	stageTriggerAuth
	stageScaledObject
	stagePDB
	stageServiceMonitor
	stagePrometheusRule
	stageDashboard
	stageNetworkPolicy
	stageCount
)

// renderer holds one Render call's state.
type renderer struct {
	s         *spec.Swarm
	namespace string
	stages    [stageCount][]Object
}

// CheckNamespace refuses a namespace override the API server would; ""
// (no override) is fine.
func CheckNamespace(ns string) error {
	if errs := validation.IsDNS1123Label(ns); ns != "" && len(errs) > 0 {
		return fmt.Errorf("namespace %q: %s", ns, strings.Join(errs, "; "))
	}
	return nil
}

// Render turns a valid swarm into objects in apply order: PriorityClass,
// ServiceAccounts, ConfigMaps, Services, workloads, autoscalers
// (TriggerAuthentications before ScaledObjects), PodDisruptionBudgets,
// monitoring, NetworkPolicies; within a kind, in role order, swarm-level
// objects last. The result depends only on s and opts.
func Render(s *spec.Swarm, opts Options) ([]Object, error) {
	if s == nil {
		return nil, fmt.Errorf("render: no swarm")
	}
	if err := CheckNamespace(opts.Namespace); err != nil {
		return nil, err
	}
	if err := checkReservedNames(s); err != nil {
		return nil, err
	}
	if err := checkTriggerCredentials(s); err != nil {
		return nil, err
	}
	r := newRenderer(s, opts)
	if s.Spec.CreateNamespace {
		if r.namespace == "" {
			return nil, fmt.Errorf("spec.createNamespace: there is no namespace to create: set metadata.namespace (or an environment's namespace, or --namespace)")
		}
		r.namespaceObject()
	}
	for i := range s.Spec.Roles {
		r.role(i)
	}
	r.headroom()
	r.monitoring()
	if !opts.NoDashboard {
		if err := r.dashboardObjects(); err != nil {
			return nil, err
		}
	}
	n := 0
	for _, objs := range r.stages {
		n += len(objs)
	}
	out := make([]Object, 0, n)
	for _, objs := range r.stages {
		out = append(out, objs...)
	}
	return out, nil
}

// newRenderer starts a render: --namespace wins over metadata.namespace.
func newRenderer(s *spec.Swarm, opts Options) *renderer {
	r := &renderer{s: s, namespace: opts.Namespace}
	if r.namespace == "" {
		r.namespace = s.Metadata.Namespace
	}
	return r
}

// add records obj at its stage.
func (r *renderer) add(st stage, obj KubeObject, role int, source string) {
	r.stages[st] = append(r.stages[st], Object{Obj: obj, Role: role, Source: source})
}

// role renders every object of the i-th role.
func (r *renderer) role(i int) {
	role := &r.s.Spec.Roles[i]
	rc := r.newRoleContext(i, role)
	r.serviceAccount(rc)
	r.services(rc)
	r.workload(rc)
	r.autoscaler(rc)
	r.disruptionBudget(rc)
	r.serviceMonitor(rc)
	r.networkPolicy(rc)
}

// reservedRoles are role names whose objects would collide with the
// swarm-level objects of the same kind.
var reservedRoles = map[string]string{
	headroomName: "the headroom Deployment",
}

// checkTriggerCredentials refuses to write a credential into a
// ScaledObject's trigger metadata (validate refuses it first; this guards
// swarms built in code). Parameters read through auth are not written.
func checkTriggerCredentials(s *spec.Swarm) error {
	for i, role := range s.Spec.Roles {
		if role.Scaling == nil || role.Scaling.KEDA == nil {
			continue
		}
		for j, t := range role.Scaling.KEDA.Triggers {
			for _, key := range slices.Sorted(maps.Keys(t.Metadata)) {
				if t.Auth != nil && t.Auth.Params[key] != "" {
					continue
				}
				if msg := spec.MetadataCredential(key, t.Metadata[key]); msg != "" {
					path := spec.RoleField(i, fmt.Sprintf("scaling.keda.triggers[%d].metadata.%s", j, key))
					return &spec.Error{Pos: s.Pos(path), Path: strings.TrimPrefix(path, "spec."),
						Msg: msg + ": render never writes credentials into trigger metadata; move the value to auth"}
				}
			}
		}
	}
	return nil
}

func checkReservedNames(s *spec.Swarm) error {
	for i, role := range s.Spec.Roles {
		if what, ok := reservedRoles[role.Name]; ok && s.Spec.Headroom != nil {
			path := spec.RoleField(i, "name")
			return &spec.Error{Pos: s.ValuePos(path), Path: strings.TrimPrefix(path, "spec."),
				Msg: fmt.Sprintf("role name %q is taken by %s (%s): rename the role", role.Name, what, s.ObjectName(role.Name))}
		}
	}
	return nil
}
