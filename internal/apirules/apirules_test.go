package apirules

import (
	"fmt"
	"strings"
	"testing"

	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/intstr"
)

func show(errs Errors) string {
	var out []string
	for _, e := range errs {
		k := ""
		if e.Key {
			k = " (key)"
		}
		out = append(out, fmt.Sprintf("%s%s: %s", e.Path, k, e.Msg))
	}
	return strings.Join(out, "\n")
}

func i32(v int32) *int32 { return &v }
func i64(v int64) *int64 { return &v }

func rl(kv ...string) corev1.ResourceList {
	l := corev1.ResourceList{}
	for i := 0; i < len(kv); i += 2 {
		l[corev1.ResourceName(kv[i])] = resource.MustParse(kv[i+1])
	}
	return l
}

// TestRules: one case per rule, with the exact path and message; the
// messages after the field's name are apimachinery's own where it has one.
func TestRules(t *testing.T) {
	httpProbe := func(port intstr.IntOrString) *corev1.Probe {
		return &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/", Port: port}}}
	}
	tests := []struct {
		name string
		errs Errors
		want string
	}{
		{"label keys and values", Labels("l", map[string]string{"ok": "v", "bad key!": "x", "": "y", "a/b/c": "z", "team": "v v", "app.kubernetes.io/name": strings.Repeat("x", 64)}),
			`l[""] (key): label key "": name part must be non-empty
l.a/b/c (key): label key "a/b/c": a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')
l["app.kubernetes.io/name"]: label value "` + strings.Repeat("x", 64) + `": must be no more than 63 bytes
l["bad key!"] (key): label key "bad key!": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')
l.team: label value "v v": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue', or 'my_value', or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`},
		{"annotations: any case, bounded size", Annotations("a", map[string]string{"Example.COM/Note": "x", "big": strings.Repeat("x", TotalAnnotationSizeLimit)}),
			`a: annotations are 262164 bytes; the API server allows 262144 in all`},
		{"image whitespace", Image("i", "nginx:1\n"), `i: image "nginx:1\n" has leading or trailing whitespace: the API server stores the workload but refuses every one of its Pods`},
		{"image upper case", Image("i", "ghcr.io/Acme/agent:1"), `i: image "ghcr.io/Acme/agent:1" is not an image reference (registry/repository:tag or @sha256:digest): invalid reference format: repository name (Acme/agent) must be lowercase; the kubelet would refuse it (InvalidImageName)`},
		{"image fine", append(Image("i", "nginx"), Image("i", "ghcr.io/acme/a@sha256:"+strings.Repeat("a", 64))...), ``},
		{"port", Port("p", 99999), `p: port 99999: must be between 1 and 65535, inclusive`},
		{"duplicate port names in a container", Container("c", &corev1.Container{Image: "a:1", Ports: []corev1.ContainerPort{{Name: "app", ContainerPort: 80}, {Name: "app", ContainerPort: 81}}}),
			`c.ports[1].name: duplicate port name "app": a container's port names are unique`},
		{"selector selects the template", TemplateSelected("s", map[string]string{"app": "x", "tier": "web"}, map[string]string{"app": "x", "tier": "db"}),
			`s: selector tier=web does not match the pod template's labels: the API server refuses the workload`},
		{"selector fine", TemplateSelected("s", map[string]string{"app": "x"}, map[string]string{"app": "x", "more": "y"}), ``},
		{"port name", append(PortName("n", "http--x"), PortName("n", "1234")...), "n: port name \"http--x\": must not contain consecutive hyphens\nn: port name \"1234\": must contain at least one letter (a-z)"},
		{"env names: relaxed, as the server reads them since 1.34", Env("e", []corev1.EnvVar{{Name: "1BAD"}, {Name: "A=B"}, {Name: "é"}}),
			"e[1].name: environment variable name \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='\ne[2].name: environment variable name \"é\": a valid environment variable name must consist only of printable ASCII characters other than '='"},
		{"env valueFrom", Env("e", []corev1.EnvVar{{Name: "A", ValueFrom: &corev1.EnvVarSource{}}, {Name: "B", ValueFrom: &corev1.EnvVarSource{SecretKeyRef: &corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "Bad_Name"}, Key: "k/1"}}}}),
			"e[0].valueFrom: valueFrom needs exactly one of fieldRef, resourceFieldRef, configMapKeyRef, secretKeyRef or fileKeyRef\ne[1].valueFrom.secretKeyRef.name: Secret name \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')\ne[1].valueFrom.secretKeyRef.key: Secret key \"k/1\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name', or 'KEY_NAME', or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"},
		{"envFrom", EnvFrom("f", []corev1.EnvFromSource{{Prefix: "A="}, {SecretRef: &corev1.SecretEnvSource{LocalObjectReference: corev1.LocalObjectReference{Name: "s"}}}}),
			"f[0].prefix: prefix \"A=\": a valid environment variable name must consist only of printable ASCII characters other than '='\nf[0]: envFrom needs exactly one of secretRef or configMapRef"},
		{"probe port and period", Probe("p", &corev1.Probe{ProbeHandler: httpProbe(intstr.FromInt32(99999)).ProbeHandler, PeriodSeconds: -5}, false),
			"p.httpGet.port: port 99999: must be between 1 and 65535, inclusive\np.periodSeconds: periodSeconds -5: must be greater than or equal to 0"},
		{"probe without a port", Probe("p", httpProbe(intstr.IntOrString{}), false), "p.httpGet.port: a port is required"},
		{"probe named port", Probe("p", httpProbe(intstr.FromString("Metrics")), false), `p.httpGet.port: port name "Metrics": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)`},
		{"probe handlers", append(Probe("p", &corev1.Probe{}, false), Probe("q", &corev1.Probe{ProbeHandler: corev1.ProbeHandler{TCPSocket: &corev1.TCPSocketAction{Port: intstr.FromInt32(80)}, GRPC: &corev1.GRPCAction{Port: 90}}}, false)...),
			"p: a probe needs one of exec, httpGet, tcpSocket or grpc\nq: a probe takes one handler, not tcpSocket and grpc"},
		{"probe scheme and liveness threshold", Probe("p", &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Port: intstr.FromInt32(80), Scheme: "http"}}, SuccessThreshold: 2, TerminationGracePeriodSeconds: i64(0)}, true),
			"p.httpGet.scheme: scheme \"http\" is not one of HTTP, HTTPS (did you mean \"HTTP\"?)\np.successThreshold: successThreshold 2: must be 1 for liveness and startup probes\np.terminationGracePeriodSeconds: terminationGracePeriodSeconds 0: must be greater than 0"},
		{"resource names", Resources("r", &corev1.ResourceRequirements{Requests: rl("memroy", "512Mi", "cpu", "1", "hugepages-2Mi", "2Mi", "example.com/foo", "2", "kubernetes.io/x", "1")}),
			"r.requests.memroy (key): \"memroy\" is not a resource a container can request (cpu, memory, ephemeral-storage, hugepages-<size>, or a qualified extended resource such as nvidia.com/gpu) (did you mean \"memory\"?)\nr.requests[\"example.com/foo\"]: example.com/foo cannot be overcommitted: set its limit too, equal to the request"},
		{"extended resources: whole, request = limit", Resources("r", &corev1.ResourceRequirements{Requests: rl("nvidia.com/gpu", "500m"), Limits: rl("nvidia.com/gpu", "1")}),
			"r.requests[\"nvidia.com/gpu\"]: nvidia.com/gpu 500m: must be a whole number\nr.requests[\"nvidia.com/gpu\"]: nvidia.com/gpu cannot be overcommitted: the request 500m must equal the limit 1"},
		{"extended resource fine", Resources("r", &corev1.ResourceRequirements{Requests: rl("nvidia.com/gpu", "1"), Limits: rl("nvidia.com/gpu", "1")}), ``},
		{"tolerations", Tolerations("t", []corev1.Toleration{{Key: "bad key", Operator: "Equal", Value: "v v", Effect: "NoScheduled"}, {Operator: "Exists", Value: "x", TolerationSeconds: i64(5)}, {Value: "x"}}),
			"t[0].key: toleration key \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')\nt[0].value: toleration value \"v v\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue', or 'my_value', or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')\nt[0].effect: effect \"NoScheduled\" is not one of NoSchedule, PreferNoSchedule, NoExecute (did you mean \"NoSchedule\"?)\nt[1].value: a toleration with operator Exists takes no value\nt[1].tolerationSeconds: tolerationSeconds applies to effect NoExecute only\nt[2].operator: a toleration without a key must use operator Exists"},
		{"HPA behavior", Behavior("b", &autoscalingv2.HorizontalPodAutoscalerBehavior{
			ScaleUp:   &autoscalingv2.HPAScalingRules{StabilizationWindowSeconds: i32(4000), Policies: []autoscalingv2.HPAScalingPolicy{{Type: "Pod", Value: 0, PeriodSeconds: 1801}}},
			ScaleDown: &autoscalingv2.HPAScalingRules{Policies: []autoscalingv2.HPAScalingPolicy{}}}),
			"b.scaleUp.stabilizationWindowSeconds: stabilizationWindowSeconds 4000: must be from 0 to 3600\nb.scaleUp.policies[0].type: type \"Pod\" is not one of Pods, Percent (did you mean \"Pods\"?)\nb.scaleUp.policies[0].value: value 0: must be greater than 0\nb.scaleUp.policies[0].periodSeconds: periodSeconds 1801: must be from 1 to 1800\nb.scaleDown.policies: policies is empty: give at least one, or leave it out for the defaults"},
		{"names", append(DNSLabel("n", "namespace", "Agents"), DNSSubdomain("s", "storage class", "fast_ssd")...),
			"n: namespace \"Agents\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name', or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')\ns: storage class \"fast_ssd\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := show(tt.errs); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}
