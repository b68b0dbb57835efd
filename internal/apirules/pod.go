package apirules

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/agentscale/agentscale/internal/suggest"
	"github.com/agentscale/agentscale/internal/yamlpos"
)

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

func resourceNames(l corev1.ResourceList) []string {
	out := make([]string, 0, len(l))
	for r := range l {
		out = append(out, string(r))
	}
	slices.Sort(out)
	return out
}

// Env checks environment variables (ValidateEnv): names as the API server
// reads them since Kubernetes 1.34 (relaxed: printable ASCII but "="), and
// valueFrom with exactly one source.
func Env(path string, env []corev1.EnvVar) Errors {
	var errs Errors
	for i, e := range env {
		p := yamlpos.JoinIndex(path, i)
		if e.Name != "" {
			errs.msgs(p+".name", false, fmt.Sprintf("environment variable name %q", e.Name), validation.IsRelaxedEnvVarName(e.Name))
		}
		if vf := e.ValueFrom; vf != nil {
			n := 0
			for _, set := range []bool{vf.FieldRef != nil, vf.ResourceFieldRef != nil, vf.ConfigMapKeyRef != nil, vf.SecretKeyRef != nil, vf.FileKeyRef != nil} {
				if set {
					n++
				}
			}
			if n != 1 {
				errs.add(p+".valueFrom", false, "valueFrom needs exactly one of fieldRef, resourceFieldRef, configMapKeyRef, secretKeyRef or fileKeyRef")
			}
			if r := vf.SecretKeyRef; r != nil {
				errs = append(errs, keyRef(p+".valueFrom.secretKeyRef", "Secret", r.Name, r.Key)...)
			}
			if r := vf.ConfigMapKeyRef; r != nil {
				errs = append(errs, keyRef(p+".valueFrom.configMapKeyRef", "ConfigMap", r.Name, r.Key)...)
			}
		}
	}
	return errs
}

func keyRef(path, kind, name, key string) Errors {
	var errs Errors
	if name != "" {
		errs.msgs(path+".name", false, fmt.Sprintf("%s name %q", kind, name), validation.IsDNS1123Subdomain(name))
	}
	errs.msgs(path+".key", false, fmt.Sprintf("%s key %q", kind, key), validation.IsConfigMapKey(key))
	return errs
}

// EnvFrom checks envFrom sources: a prefix is an environment variable
// name too, and the Secret or ConfigMap a DNS subdomain.
func EnvFrom(path string, from []corev1.EnvFromSource) Errors {
	var errs Errors
	for i, f := range from {
		p := yamlpos.JoinIndex(path, i)
		if f.Prefix != "" {
			errs.msgs(p+".prefix", false, fmt.Sprintf("prefix %q", f.Prefix), validation.IsRelaxedEnvVarName(f.Prefix))
		}
		if (f.SecretRef != nil) == (f.ConfigMapRef != nil) {
			errs.add(p, false, "envFrom needs exactly one of secretRef or configMapRef")
		}
		if r := f.SecretRef; r != nil {
			errs = append(errs, DNSSubdomain(p+".secretRef.name", "Secret name", r.Name)...)
		}
		if r := f.ConfigMapRef; r != nil {
			errs = append(errs, DNSSubdomain(p+".configMapRef.name", "ConfigMap name", r.Name)...)
		}
	}
	return errs
}

// Probe checks a probe (validateProbe, validateHandler and, for liveness
// and startup probes, successThreshold 1).
func Probe(path string, p *corev1.Probe, liveOrStartup bool) Errors {
	var errs Errors
	if p == nil {
		return nil
	}
	var handlers []string
	h := p.ProbeHandler
	if h.Exec != nil {
		handlers = append(handlers, "exec")
		if len(h.Exec.Command) == 0 {
			errs.add(path+".exec.command", false, "an exec probe needs a command")
		}
	}
	if h.HTTPGet != nil {
		handlers = append(handlers, "httpGet")
		hp := path + ".httpGet"
		errs = append(errs, portNumOrName(hp+".port", h.HTTPGet.Port)...)
		errs = append(errs, Enum(hp+".scheme", "scheme", string(h.HTTPGet.Scheme), true, "HTTP", "HTTPS")...)
		for j, hd := range h.HTTPGet.HTTPHeaders {
			errs.msgs(yamlpos.JoinIndex(hp+".httpHeaders", j)+".name", false, fmt.Sprintf("header name %q", hd.Name), validation.IsHTTPHeaderName(hd.Name))
		}
	}
	if h.TCPSocket != nil {
		handlers = append(handlers, "tcpSocket")
		errs = append(errs, portNumOrName(path+".tcpSocket.port", h.TCPSocket.Port)...)
	}
	if h.GRPC != nil {
		handlers = append(handlers, "grpc")
		errs = append(errs, Port(path+".grpc.port", h.GRPC.Port)...)
	}
	switch len(handlers) {
	case 0:
		errs.add(path, false, "a probe needs one of exec, httpGet, tcpSocket or grpc")
	case 1:
	default:
		errs.add(path, false, "a probe takes one handler, not %s", strings.Join(handlers, " and "))
	}
	for _, f := range []struct {
		name string
		v    int32
	}{{"initialDelaySeconds", p.InitialDelaySeconds}, {"timeoutSeconds", p.TimeoutSeconds}, {"periodSeconds", p.PeriodSeconds},
		{"successThreshold", p.SuccessThreshold}, {"failureThreshold", p.FailureThreshold}} {
		if f.v < 0 {
			errs.add(path+"."+f.name, false, "%s %d: must be greater than or equal to 0", f.name, f.v)
		}
	}
	if liveOrStartup && p.SuccessThreshold > 1 {
		errs.add(path+".successThreshold", false, "successThreshold %d: must be 1 for liveness and startup probes", p.SuccessThreshold)
	}
	if g := p.TerminationGracePeriodSeconds; g != nil && *g <= 0 {
		errs.add(path+".terminationGracePeriodSeconds", false, "terminationGracePeriodSeconds %d: must be greater than 0", *g)
	}
	return errs
}

func portNumOrName(path string, port intstr.IntOrString) Errors {
	if port == (intstr.IntOrString{}) {
		var errs Errors
		errs.add(path, false, "a port is required")
		return errs
	}
	if port.Type == intstr.String {
		var errs Errors
		errs.msgs(path, false, fmt.Sprintf("port name %q", port.StrVal), validation.IsValidPortName(port.StrVal))
		return errs
	}
	return Port(path, port.IntVal)
}

// Resources checks a container's requests and limits
// (validateResourceRequirements with ValidateContainerResourceName):
// resource names, whole numbers for extended resources, and requests
// equal to limits for resources that cannot be overcommitted.
func Resources(path string, rr *corev1.ResourceRequirements) Errors {
	var errs Errors
	if rr == nil {
		return nil
	}
	for _, part := range []struct {
		name string
		list corev1.ResourceList
	}{{"limits", rr.Limits}, {"requests", rr.Requests}} {
		for _, res := range resourceNames(part.list) {
			p := yamlpos.JoinKey(path+"."+part.name, res)
			if msg := containerResourceName(res); msg != "" {
				errs.add(p, true, "%s", msg)
				continue
			}
			q := part.list[corev1.ResourceName(res)]
			if extended(res) && q.MilliValue()%1000 != 0 {
				errs.add(p, false, "%s %s: must be a whole number", res, q.String())
			}
		}
	}
	for _, res := range resourceNames(rr.Requests) {
		if !extended(res) || containerResourceName(res) != "" {
			continue
		}
		req := rr.Requests[corev1.ResourceName(res)]
		lim, ok := rr.Limits[corev1.ResourceName(res)]
		switch {
		case !ok:
			errs.add(yamlpos.JoinKey(path+".requests", res), false, "%s cannot be overcommitted: set its limit too, equal to the request", res)
		case req.Cmp(lim) != 0:
			errs.add(yamlpos.JoinKey(path+".requests", res), false, "%s cannot be overcommitted: the request %s must equal the limit %s", res, req.String(), lim.String())
		}
	}
	return errs
}

// standardContainerResources are what IsStandardContainerResourceName
// accepts without a domain (hugepages-<size> too).
var standardContainerResources = []string{"cpu", "memory", "ephemeral-storage"}

// containerResourceName is ValidateContainerResourceName's verdict on a
// resource name, "" when valid.
func containerResourceName(res string) string {
	if msgs := validation.IsQualifiedName(res); len(msgs) > 0 {
		return fmt.Sprintf("resource name %q: %s", res, msgs[0])
	}
	if !strings.Contains(res, "/") {
		if contains(standardContainerResources, res) || strings.HasPrefix(res, "hugepages-") {
			return ""
		}
		return fmt.Sprintf("%q is not a resource a container can request (cpu, memory, ephemeral-storage, hugepages-<size>, or a qualified extended resource such as nvidia.com/gpu)%s",
			res, suggest.DidYouMean(res, standardContainerResources))
	}
	if !native(res) && (strings.HasPrefix(res, "requests.") || len(validation.IsQualifiedName("requests."+res)) > 0) {
		return fmt.Sprintf("%q does not follow the extended resource name standard", res)
	}
	return ""
}

// native is IsNativeResource: no domain, or kubernetes.io's.
func native(res string) bool {
	return !strings.Contains(res, "/") || strings.Contains(res, "kubernetes.io/")
}

// extended is IsExtendedResourceName (as far as a valid name goes).
func extended(res string) bool { return !native(res) && !strings.HasPrefix(res, "requests.") }

// Tolerations checks tolerations (ValidateTolerations).
func Tolerations(path string, ts []corev1.Toleration) Errors {
	var errs Errors
	for i, t := range ts {
		p := yamlpos.JoinIndex(path, i)
		if t.Key != "" {
			errs.msgs(p+".key", false, fmt.Sprintf("toleration key %q", t.Key), validation.IsQualifiedName(t.Key))
		}
		switch t.Operator {
		case corev1.TolerationOpEqual, "":
			errs.msgs(p+".value", false, fmt.Sprintf("toleration value %q", t.Value), validation.IsValidLabelValue(t.Value))
			if t.Key == "" {
				errs.add(p+".operator", false, "a toleration without a key must use operator Exists")
			}
		case corev1.TolerationOpExists:
			if t.Value != "" {
				errs.add(p+".value", false, "a toleration with operator Exists takes no value")
			}
		default:
			errs = append(errs, Enum(p+".operator", "operator", string(t.Operator), true, "Equal", "Exists")...)
		}
		errs = append(errs, Enum(p+".effect", "effect", string(t.Effect), true, "NoSchedule", "PreferNoSchedule", "NoExecute")...)
		if t.TolerationSeconds != nil && t.Effect != corev1.TaintEffectNoExecute {
			errs.add(p+".tolerationSeconds", false, "tolerationSeconds applies to effect NoExecute only")
		}
	}
	return errs
}

// Container checks the fields of a container the API server validates on
// its own (not those that need the whole pod).
func Container(path string, c *corev1.Container) Errors {
	var errs Errors
	errs = append(errs, Image(path+".image", c.Image)...)
	errs = append(errs, Env(path+".env", c.Env)...)
	errs = append(errs, EnvFrom(path+".envFrom", c.EnvFrom)...)
	names := map[string]bool{}
	for j, p := range c.Ports {
		pp := yamlpos.JoinIndex(path+".ports", j)
		errs = append(errs, Port(pp+".containerPort", p.ContainerPort)...)
		errs = append(errs, PortName(pp+".name", p.Name)...)
		if p.Name != "" && names[p.Name] {
			errs.add(pp+".name", false, "duplicate port name %q: a container's port names are unique", p.Name)
		}
		names[p.Name] = true
		errs = append(errs, Enum(pp+".protocol", "protocol", string(p.Protocol), true, "TCP", "UDP", "SCTP")...)
	}
	errs = append(errs, Probe(path+".readinessProbe", c.ReadinessProbe, false)...)
	errs = append(errs, Probe(path+".livenessProbe", c.LivenessProbe, true)...)
	errs = append(errs, Probe(path+".startupProbe", c.StartupProbe, true)...)
	errs = append(errs, Resources(path+".resources", &c.Resources)...)
	errs = append(errs, Enum(path+".imagePullPolicy", "imagePullPolicy", string(c.ImagePullPolicy), true, "Always", "IfNotPresent", "Never")...)
	return errs
}

// PodTemplate checks a pod template's labels, annotations, node selector,
// tolerations and containers.
func PodTemplate(path string, t *corev1.PodTemplateSpec) Errors {
	var errs Errors
	errs = append(errs, Labels(path+".metadata.labels", t.Labels)...)
	errs = append(errs, Annotations(path+".metadata.annotations", t.Annotations)...)
	sp := path + ".spec"
	errs = append(errs, Labels(sp+".nodeSelector", t.Spec.NodeSelector)...)
	errs = append(errs, Tolerations(sp+".tolerations", t.Spec.Tolerations)...)
	if n := t.Spec.ServiceAccountName; n != "" {
		errs = append(errs, DNSSubdomain(sp+".serviceAccountName", "ServiceAccount name", n)...)
	}
	for i := range t.Spec.InitContainers {
		errs = append(errs, Container(yamlpos.JoinIndex(sp+".initContainers", i), &t.Spec.InitContainers[i])...)
	}
	for i := range t.Spec.Containers {
		errs = append(errs, Container(yamlpos.JoinIndex(sp+".containers", i), &t.Spec.Containers[i])...)
	}
	return errs
}

// TemplateSelected checks that a workload's selector selects its own pod
// template, as the API server does ("selector does not match template
// labels"): every matchLabels entry is a template label.
func TemplateSelected(path string, matchLabels, template map[string]string) Errors {
	var errs Errors
	for _, k := range sortedKeys(matchLabels) {
		if v, ok := template[k]; !ok || v != matchLabels[k] {
			errs.add(path, false, "selector %s=%s does not match the pod template's labels: the API server refuses the workload", k, matchLabels[k])
		}
	}
	return errs
}
