package rules

import (
	"net"
	"strconv"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"

	"github.com/agentscale/agentscale/internal/lint"
	"github.com/agentscale/agentscale/internal/render"
)

// MissingReadinessProbe: containers that serve traffic without saying when
// they are ready for it. A container serves when it declares a port that
// is not a metrics port (metrics, *-metrics, metrics-*: Prometheus scrapes
// unready pods too), or when a Service with a selector, that does not
// publish not-ready addresses, routes a port to it. The peer port of
// agentscale.dev/peers counts even when it doubles as the metrics port.
// Queue consumers with only a metrics port are left alone: readiness gates
// nothing for them.
var MissingReadinessProbe = &lint.Rule{
	ID:       "missing-readiness-probe",
	Severity: lint.Warning,
	Why:      "Without a readiness probe a pod counts as ready the moment its containers start, so Services and peers send it requests before the agent listens, and a wedged agent keeps receiving them.",
	Fix:      "Add a readiness probe to containers that serve ports or peers (in swarm.yaml: probes.readiness on the role or in defaults).",
	Check:    checkMissingReadinessProbe,
}

func checkMissingReadinessProbe(c *lint.Context) {
	var services *serviceIndex // built on first need: most containers have probes
	for _, w := range c.Workloads() {
		switch w.Obj.(type) {
		case *appsv1.Deployment, *appsv1.StatefulSet, *appsv1.DaemonSet, *appsv1.ReplicaSet, *corev1.Pod:
		default:
			continue // Jobs run to completion; nothing routes to them
		}
		pod, path := w.PodTemplate()
		peers := peersPort(pod)
		var routed map[string]string
		for _, ct := range lint.Containers(pod, path) {
			if ct.Init || ct.ReadinessProbe != nil {
				continue
			}
			port, ok := servedPort(ct.Container, peers)
			if !ok {
				if routed == nil {
					if services == nil {
						services = newServiceIndex(c.Kind("Service"))
					}
					routed = routedContainers(services, w.Namespace(), pod)
				}
				port, ok = routed[ct.Name]
			}
			if ok {
				c.Report(w, lint.At(ct.Path, "probes.readiness"),
					"container %q serves %s but has no readiness probe", ct.Name, port)
			}
		}
	}
}

// servedPort is the first container port that is not a metrics port
// (Prometheus scrapes pods whether or not they are ready), or that is the
// pod's peer port.
func servedPort(ct *corev1.Container, peers int32) (string, bool) {
	for _, p := range ct.Ports {
		if !metricsPortName(p.Name) || p.ContainerPort == peers {
			return portLabel(p.Name, p.ContainerPort), true
		}
	}
	return "", false
}

// peersPort is the port of the pod's agentscale.dev/peers address
// ("host:port"), which render writes for roles with peers; 0 without one.
func peersPort(pod *corev1.PodTemplateSpec) int32 {
	addr, ok := pod.Annotations[render.AnnotationPeers]
	if !ok {
		return 0
	}
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return 0
	}
	n, err := strconv.ParseInt(port, 10, 32)
	if err != nil || n <= 0 {
		return 0
	}
	return int32(n)
}

// routedContainers maps the containers that a Service selecting the pod
// sends traffic to (through ports they do not declare) to the Service port.
func routedContainers(services *serviceIndex, ns string, pod *corev1.PodTemplateSpec) map[string]string {
	out := map[string]string{}
	for _, o := range services.selecting(ns, pod.Labels) {
		svc := o.Obj.(*corev1.Service)
		for _, sp := range svc.Spec.Ports {
			if name, ok := targetContainer(pod, sp); ok {
				if _, seen := out[name]; !seen {
					out[name] = portLabel(sp.Name, sp.Port) + " of Service " + o.Name()
				}
			}
		}
	}
	return out
}

// targetContainer resolves a Service port's targetPort to a container the
// way the endpoints controller does: a name matches a declared container
// port; a number is the pod IP's port, which belongs to the one container
// that declares it, or to the only container. Metrics ports do not count.
func targetContainer(pod *corev1.PodTemplateSpec, sp corev1.ServicePort) (string, bool) {
	tp := sp.TargetPort
	if tp.IntVal == 0 && tp.StrVal == "" {
		tp.IntVal = sp.Port // targetPort defaults to port
	}
	for _, ct := range pod.Spec.Containers {
		for _, p := range ct.Ports {
			if (tp.StrVal != "" && p.Name == tp.StrVal) || (tp.StrVal == "" && p.ContainerPort == tp.IntVal) {
				return ct.Name, !metricsPortName(p.Name)
			}
		}
	}
	if tp.StrVal == "" && len(pod.Spec.Containers) == 1 {
		return pod.Spec.Containers[0].Name, true
	}
	return "", false
}

// metricsPortName reports whether a port is, by its name, a metrics
// endpoint (metrics, http-metrics, metrics-tls, ...).
func metricsPortName(name string) bool {
	return name == "metrics" || strings.HasSuffix(name, "-metrics") || strings.HasPrefix(name, "metrics-")
}

func portLabel(name string, port int32) string {
	if name != "" {
		return "port " + name
	}
	return "port " + strconv.Itoa(int(port))
}
