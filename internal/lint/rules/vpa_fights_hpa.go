package rules

import (
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	vpav1 "k8s.io/autoscaler/vertical-pod-autoscaler/pkg/apis/autoscaling.k8s.io/v1"

	"github.com/agentscale/agentscale/internal/lint"
)

// VPAFightsHPA: a VerticalPodAutoscaler that rewrites the requests of
// running pods (updateMode Auto, the default, Recreate, InPlaceOrRecreate,
// InPlace) on a workload whose HPA or ScaledObject scales on utilization of
// the same resource. Utilization is usage over request: each VPA raise
// lowers it, the HPA removes replicas, usage per pod climbs, the VPA
// raises again. The VPA project's own docs say not to combine them on cpu
// or memory. Initial and Off modes leave running pods alone: silent.
var VPAFightsHPA = &lint.Rule{
	ID:       "vpa-fights-hpa",
	Severity: lint.Error,
	Why:      "Utilization is usage over request: a VPA that raises the requests of running pods lowers the utilization the HPA scales on, so the two loops undo each other and the replica count and requests swing.",
	Fix:      `Scale replicas on a custom or external metric (queue length, pending tasks) and let the VPA own cpu and memory, or set the VPA's updateMode: "Off" (recommendations only) or "Initial", or drop the resource from its controlledResources.`,
	Check:    checkVPAFightsHPA,
}

func checkVPAFightsHPA(c *lint.Context) {
	for _, v := range c.Kind("VerticalPodAutoscaler") {
		vpa, ok := v.Obj.(*vpav1.VerticalPodAutoscaler)
		if !ok || vpa.Spec.TargetRef == nil || !updatesRunningPods(vpa) {
			continue
		}
		ref := vpa.Spec.TargetRef
		w := c.Lookup(lint.APIGroup(ref.APIVersion), ref.Kind, v.Namespace(), ref.Name)
		if w == nil {
			continue
		}
		controlled := vpaResources(vpa)
		for _, a := range c.AutoscalersFor(w) {
			shared := slices.DeleteFunc(utilizationResources(c, a), func(r corev1.ResourceName) bool { return !slices.Contains(controlled, r) })
			if len(shared) == 0 {
				continue
			}
			names := make([]string, len(shared))
			for i, r := range shared {
				names[i] = string(r)
			}
			at := "spec.targetRef" // the default mode: no updateMode to point at
			if vpa.Spec.UpdatePolicy != nil && vpa.Spec.UpdatePolicy.UpdateMode != nil {
				at = "spec.updatePolicy.updateMode"
			}
			c.Report(v, lint.At(at, ""),
				"VerticalPodAutoscaler %s rewrites the %s requests of %s's running pods, which %s %s scales on: the two fight",
				v.Name(), strings.Join(names, " and "), w.Ref(), a.Kind, a.Name())
			break
		}
	}
}

// updatesRunningPods: every mode but Off and Initial changes live pods;
// without an updatePolicy the VPA's default (Auto) applies.
func updatesRunningPods(v *vpav1.VerticalPodAutoscaler) bool {
	p := v.Spec.UpdatePolicy
	if p == nil || p.UpdateMode == nil {
		return true
	}
	m := *p.UpdateMode
	return m != vpav1.UpdateModeOff && m != vpav1.UpdateModeInitial
}

// vpaResources are the resources the VPA sets for at least one container:
// cpu and memory unless a policy narrows them or turns a container off.
func vpaResources(v *vpav1.VerticalPodAutoscaler) []corev1.ResourceName {
	all := []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory}
	rp := v.Spec.ResourcePolicy
	if rp == nil || len(rp.ContainerPolicies) == 0 {
		return all
	}
	var out []corev1.ResourceName
	covered := false // does a "*" policy (or a named one) set the default?
	for _, p := range rp.ContainerPolicies {
		covered = covered || p.ContainerName == vpav1.DefaultContainerResourcePolicy
		if p.Mode != nil && *p.Mode == vpav1.ContainerScalingModeOff {
			continue
		}
		rs := all
		if p.ControlledResources != nil {
			rs = *p.ControlledResources
		}
		for _, r := range rs {
			if !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
	}
	if !covered { // containers without a policy of their own: both
		return all
	}
	return out
}

// utilizationResources are the resources an autoscaler scales on as
// utilization (hpa-utilization-without-request's reading), which a VPA's
// request changes move; an AverageValue target is absolute usage.
func utilizationResources(c *lint.Context, a *lint.Object) []corev1.ResourceName {
	var out []corev1.ResourceName
	for _, t := range utilizationTargets(c, a) {
		if !slices.Contains(out, t.res) {
			out = append(out, t.res)
		}
	}
	return out
}
