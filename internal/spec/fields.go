package spec

import (
	"maps"
	"slices"

	"github.com/agentscale/agentscale/internal/apirules"
)

// apiRules checks the swarm's fields that reach Kubernetes objects with
// the API server's own rules (internal/apirules), so that a bad label,
// image, variable, port, probe or resource fails here, at its line, not at
// kubectl apply.
func (v *validator) apiRules() {
	s := v.s
	if ns := s.Metadata.Namespace; ns != "" {
		v.api(apirules.DNSLabel("metadata.namespace", "namespace", ns))
	}
	v.api(apirules.Labels("metadata.labels", s.Metadata.Labels))
	v.api(apirules.Annotations("metadata.annotations", s.Metadata.Annotations))
	if m := s.Spec.Monitoring; m != nil {
		v.api(apirules.Labels("spec.monitoring.labels", m.Labels))
		if d := m.Dashboard; d != nil && d.GrafanaOperator != nil {
			v.api(apirules.Labels("spec.monitoring.dashboard.grafanaOperator.instanceSelector", d.GrafanaOperator.InstanceSelector))
		}
		if m.Namespace != "" {
			v.api(apirules.DNSLabel("spec.monitoring.namespace", "namespace", m.Namespace))
		}
	}
	for i, p := range s.Spec.NodePools {
		path := joinIndex("spec.nodePools", i)
		v.api(apirules.Labels(path+".nodeSelector", p.NodeSelector))
		v.api(apirules.Tolerations(path+".tolerations", p.Tolerations))
	}
	if h := s.Spec.Headroom; h != nil {
		v.api(apirules.Resources("spec.headroom.resources", &h.Resources))
		v.api(apirules.Image("spec.headroom.image", h.Image))
	}
	for i := range s.Spec.Roles {
		v.roleAPIRules(i, &s.Spec.Roles[i])
	}
	// Environments as patchTexts reads them: the one loaded, or all.
	for _, name := range slices.Sorted(maps.Keys(s.Spec.Environments)) {
		if s.Env != "" && name != s.Env {
			continue
		}
		e, path := s.Spec.Environments[name], joinKey("spec.environments", name)
		if e.Namespace != "" {
			v.api(apirules.DNSLabel(path+".namespace", "namespace", e.Namespace))
		}
		if k := e.Kustomize; k != nil {
			v.api(apirules.Labels(path+".kustomize.commonLabels", k.CommonLabels))
			v.api(apirules.Annotations(path+".kustomize.commonAnnotations", k.CommonAnnotations))
			if k.Namespace != "" {
				v.api(apirules.DNSLabel(path+".kustomize.namespace", "namespace", k.Namespace))
			}
		}
	}
}

func (v *validator) roleAPIRules(i int, r *Role) {
	at := func(field string) string { return RoleField(i, field) }
	v.api(apirules.Image(at("image"), r.Image))
	v.api(apirules.Enum(at("imagePullPolicy"), "imagePullPolicy", string(r.ImagePullPolicy), true, "Always", "IfNotPresent", "Never"))
	v.api(apirules.Env(at("env"), r.Env))
	v.api(apirules.EnvFrom(at("envFrom"), r.EnvFrom))
	v.api(apirules.Labels(at("labels"), r.Labels))
	v.api(apirules.Annotations(at("annotations"), r.Annotations))
	for j, p := range r.Ports {
		pp := joinIndex(at("ports"), j)
		v.api(apirules.Port(pp+".port", p.Port))
		v.api(apirules.PortName(pp+".name", p.Name))
	}
	if p := r.Probes; p != nil {
		v.api(apirules.Probe(at("probes.readiness"), p.Readiness, false))
		v.api(apirules.Probe(at("probes.liveness"), p.Liveness, true))
		v.api(apirules.Probe(at("probes.startup"), p.Startup, true))
	}
	v.api(apirules.Resources(at("resources"), r.Resources))
	if m := r.Metrics; m != nil {
		v.api(apirules.Port(at("metrics.port"), m.Port))
	}
	if p := r.Peers; p != nil {
		v.api(apirules.Port(at("peers.port"), p.Port))
	}
	if st := r.Storage; st != nil {
		if st.StorageClass != "" {
			v.api(apirules.DNSSubdomain(at("storage.storageClass"), "storage class", st.StorageClass))
		}
		if st.Size.Sign() <= 0 {
			v.errorf(at("storage.size"), "size %s: must be greater than 0", st.Size.String())
		}
		for j, m := range st.AccessModes {
			v.api(apirules.Enum(joinIndex(at("storage.accessModes"), j), "access mode", string(m), false, "ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"))
		}
	}
	if sa := r.ServiceAccount; sa != nil {
		v.api(apirules.Annotations(at("serviceAccount.annotations"), sa.Annotations))
	}
	if g := r.TerminationGracePeriodSeconds; g != nil && *g < 0 {
		v.errorf(at("terminationGracePeriodSeconds"), "terminationGracePeriodSeconds %d: must be greater than or equal to 0", *g)
	}
	if sc := r.Scaling; sc != nil {
		if h := sc.HPA; h != nil {
			v.api(apirules.Behavior(at("scaling.hpa.behavior"), h.Behavior))
			for j, m := range h.Metrics {
				if m.Selector != nil {
					v.api(apirules.Labels(joinIndex(at("scaling.hpa.metrics"), j)+".selector.matchLabels", m.Selector.MatchLabels))
				}
			}
		}
		if k := sc.KEDA; k != nil {
			v.api(apirules.Behavior(at("scaling.keda.behavior"), k.Behavior))
		}
	}
}

// api records the API server's errors at their fields.
func (v *validator) api(errs apirules.Errors) {
	for _, e := range errs {
		if e.Key {
			v.keyErrorf(e.Path, "%s", e.Msg)
		} else {
			v.errorf(e.Path, "%s", e.Msg)
		}
	}
}
