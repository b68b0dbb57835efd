package render

import (
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/agentscale/agentscale/internal/keda"
	"github.com/agentscale/agentscale/internal/spec"
)

// swarmWith is a one-role swarm; role holds the role's YAML fields, indented
// by six spaces, and extra any spec-level fields, indented by two.
func swarmWith(role, extra string) string {
	return "apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\nmetadata: {name: s, namespace: ns}\nspec:\n" + extra +
		"  roles:\n    - name: a\n      image: img:1\n" + role
}

// find returns the objects of kind named name.
func find(objs []Object, kind, name string) KubeObject {
	for _, o := range objs {
		if o.Obj.GetObjectKind().GroupVersionKind().Kind == kind && o.Obj.GetName() == name {
			return o.Obj
		}
	}
	return nil
}

func count(objs []Object, kind string) int {
	n := 0
	for _, o := range objs {
		if o.Obj.GetObjectKind().GroupVersionKind().Kind == kind {
			n++
		}
	}
	return n
}

func TestReplicasOnlyWithoutAutoscaler(t *testing.T) {
	tests := []struct {
		name, role string
		want       *int32
	}{
		{"fixed", "      replicas: 3\n", ptr(int32(3))},
		{"default", "", ptr(int32(1))},
		{"hpa", "      replicas: {min: 2, max: 5}\n      scaling: {hpa: {cpu: 70}}\n", nil},
		{"keda", "      replicas: {min: 0, max: 5}\n      scaling: {keda: {triggers: [{type: cron, metadata: {timezone: UTC, start: 0 8 * * *, end: 0 18 * * *, desiredReplicas: '2'}}]}}\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			objs := mustRender(t, parse(t, swarmWith(tt.role, "")), Options{})
			d := find(objs, "Deployment", "s-a").(*appsv1.Deployment)
			got := d.Spec.Replicas
			if (got == nil) != (tt.want == nil) || got != nil && *got != *tt.want {
				t.Errorf("replicas = %v, want %v", deref(got), deref(tt.want))
			}
		})
	}
}

func deref(p *int32) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestStatefulSet(t *testing.T) {
	tests := []struct {
		name, role   string
		policy       appsv1.PodManagementPolicyType
		whenDeleted  appsv1.PersistentVolumeClaimRetentionPolicyType
		claims       int
		headlessPort int
	}{
		{"hard defaults", "      state: hard\n      storage: {size: 1Gi, mountPath: /d}\n", appsv1.ParallelPodManagement, appsv1.RetainPersistentVolumeClaimRetentionPolicyType, 1, 0},
		{"ordered, delete on delete", "      state: hard\n      ordered: true\n      storage: {size: 1Gi, mountPath: /d, retainOnDelete: false}\n", appsv1.OrderedReadyPodManagement, appsv1.DeletePersistentVolumeClaimRetentionPolicyType, 1, 0},
		{"soft role asking for a StatefulSet", "      state: soft\n      workload: StatefulSet\n      ports: [{name: http, port: 80}]\n", appsv1.ParallelPodManagement, "", 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			objs := mustRender(t, parse(t, swarmWith(tt.role, "")), Options{})
			ss, ok := find(objs, "StatefulSet", "s-a").(*appsv1.StatefulSet)
			if !ok {
				t.Fatal("no StatefulSet")
			}
			if ss.Spec.PodManagementPolicy != tt.policy {
				t.Errorf("podManagementPolicy = %s, want %s", ss.Spec.PodManagementPolicy, tt.policy)
			}
			if len(ss.Spec.VolumeClaimTemplates) != tt.claims {
				t.Errorf("%d claim templates, want %d", len(ss.Spec.VolumeClaimTemplates), tt.claims)
			}
			if rp := ss.Spec.PersistentVolumeClaimRetentionPolicy; tt.claims > 0 && (rp == nil || rp.WhenDeleted != tt.whenDeleted || rp.WhenScaled != appsv1.RetainPersistentVolumeClaimRetentionPolicyType) {
				t.Errorf("retention = %+v, want whenDeleted %s, whenScaled Retain", rp, tt.whenDeleted)
			}
			svc, ok := find(objs, "Service", ss.Spec.ServiceName).(*corev1.Service)
			if !ok || svc.Spec.ClusterIP != corev1.ClusterIPNone {
				t.Fatalf("serviceName %q is not a headless Service", ss.Spec.ServiceName)
			}
			if len(svc.Spec.Ports) != tt.headlessPort {
				t.Errorf("headless Service has %d ports, want %d", len(svc.Spec.Ports), tt.headlessPort)
			}
			if count(objs, "PodDisruptionBudget") != 1 {
				t.Error("a StatefulSet role needs a PodDisruptionBudget even with one pod")
			}
		})
	}
}

func TestDisruptionBudget(t *testing.T) {
	tests := []struct {
		name, role string
		want       string // "" for no PDB, else "max=1" / "min=50%"
	}{
		{"default for 2+ pods", "      replicas: 2\n", "max=1"},
		{"autoscaled to 2+", "      replicas: {min: 1, max: 3}\n      scaling: {hpa: {cpu: 60}}\n", "max=1"},
		{"one pod", "      replicas: 1\n", ""},
		{"minAvailable", "      replicas: 4\n      disruption: {minAvailable: 3}\n", "min=3"},
		{"percent", "      replicas: 4\n      disruption: {minAvailable: 50%}\n", "min=50%"},
		{"maxUnavailable", "      replicas: 4\n      disruption: {maxUnavailable: 2}\n", "max=2"},
		{"false", "      replicas: 4\n      disruption: false\n", ""},
		{"job", "      workload: Job\n      replicas: 4\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			objs := mustRender(t, parse(t, swarmWith(tt.role, "")), Options{})
			pdb, _ := find(objs, "PodDisruptionBudget", "s-a").(*policyv1.PodDisruptionBudget)
			got := ""
			if pdb != nil {
				if pdb.Spec.MinAvailable != nil {
					got = "min=" + pdb.Spec.MinAvailable.String()
				}
				if pdb.Spec.MaxUnavailable != nil {
					got = "max=" + pdb.Spec.MaxUnavailable.String()
				}
				if p := pdb.Spec.UnhealthyPodEvictionPolicy; p == nil || *p != policyv1.AlwaysAllow {
					t.Error("unhealthyPodEvictionPolicy is not AlwaysAllow")
				}
			}
			if got != tt.want {
				t.Errorf("PDB %q, want %q", got, tt.want)
			}
		})
	}
}

func TestKEDACredentialsStayOutOfMetadata(t *testing.T) {
	role := `      replicas: {min: 1, max: 8}
      scaling:
        keda:
          triggers:
            - type: rabbitmq
              metadata: {queueName: q, mode: QueueLength, value: "20", host: "amqp://mq"}
              partitions: 12
              auth: {secret: mq, params: {host: url}}
            - type: kafka
              metadata: {topic: t, bootstrapServers: k:9092, consumerGroup: g, sasl: plaintext}
              partitions: 6
              auth: {secret: kafka, params: {password: pw, username: user}}
`
	objs := mustRender(t, parse(t, swarmWith(role, "")), Options{})
	so := find(objs, "ScaledObject", "s-a").(*keda.ScaledObject)
	for _, tr := range so.Spec.Triggers {
		for _, secret := range []string{"host", "password", "username"} {
			if _, ok := tr.Metadata[secret]; ok {
				t.Errorf("trigger %s carries %s in its metadata", tr.Type, secret)
			}
		}
	}
	if a, b := so.Spec.Triggers[0].AuthenticationRef, so.Spec.Triggers[1].AuthenticationRef; a == nil || b == nil || a.Name != "s-a" || b.Name != "s-a-2" {
		t.Errorf("authenticationRefs = %+v, %+v", a, b)
	}
	ta := find(objs, "TriggerAuthentication", "s-a-2").(*keda.TriggerAuthentication)
	want := []keda.SecretTargetRef{{Parameter: "password", Name: "kafka", Key: "pw"}, {Parameter: "username", Name: "kafka", Key: "user"}}
	if len(ta.Spec.SecretTargetRef) != 2 || ta.Spec.SecretTargetRef[0] != want[0] || ta.Spec.SecretTargetRef[1] != want[1] {
		t.Errorf("secretTargetRef = %+v, want %+v", ta.Spec.SecretTargetRef, want)
	}
	if got := so.Annotations[AnnotationKafkaPartitions]; got != "6" {
		t.Errorf("partitions annotation = %q, want the Kafka trigger's 6", got)
	}
}

func TestMetricTarget(t *testing.T) {
	other := &spec.ObjectRef{Kind: "Ingress", Name: "front"}
	tests := []struct {
		typ, targetType string
		described       *spec.ObjectRef
		want            autoscalingv2.MetricTargetType
	}{
		// "N tasks per agent" on the role's own workload: per replica.
		{spec.MetricObject, "", nil, autoscalingv2.AverageValueMetricType},
		{spec.MetricObject, "Value", nil, autoscalingv2.ValueMetricType},
		// Another object's value is a whole.
		{spec.MetricObject, "", other, autoscalingv2.ValueMetricType},
		{spec.MetricObject, "AverageValue", other, autoscalingv2.AverageValueMetricType},
		{spec.MetricPods, "", nil, autoscalingv2.AverageValueMetricType},
		{spec.MetricExternal, "", nil, autoscalingv2.AverageValueMetricType},
		{spec.MetricExternal, "Value", nil, autoscalingv2.ValueMetricType},
	}
	for _, tt := range tests {
		got := metricTarget(spec.HPAMetric{Type: tt.typ, TargetType: tt.targetType, DescribedObject: tt.described, Target: resource.MustParse("5")})
		if got.Type != tt.want {
			t.Errorf("%s/%q: type %s, want %s", tt.typ, tt.targetType, got.Type, tt.want)
		}
		if (got.Value != nil) != (tt.want == autoscalingv2.ValueMetricType) || (got.AverageValue != nil) == (got.Value != nil) {
			t.Errorf("%s/%q: value %v, averageValue %v", tt.typ, tt.targetType, got.Value, got.AverageValue)
		}
	}
}

func TestNamespace(t *testing.T) {
	tests := []struct {
		name, meta, opt, want, peers string
	}{
		{"metadata", "ns", "", "ns", "s-a-peers.ns.svc.cluster.local:7000"},
		{"option wins", "ns", "other", "other", "s-a-peers.other.svc.cluster.local:7000"},
		{"neither", "", "", "", "s-a-peers:7000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := strings.Replace(swarmWith("      replicas: 2\n      peers: {port: 7000}\n", "  headroom: {replicas: 1, resources: {requests: {cpu: 100m}}}\n"), "namespace: ns", "namespace: "+tt.meta, 1)
			if tt.meta == "" {
				text = strings.Replace(text, ", namespace: ", "", 1)
			}
			objs := mustRender(t, parse(t, text), Options{Namespace: tt.opt})
			for _, o := range objs {
				want := tt.want
				if o.Obj.GetObjectKind().GroupVersionKind().Kind == "PriorityClass" {
					want = ""
				}
				if got := o.Obj.GetNamespace(); got != want {
					t.Errorf("%s: namespace %q, want %q", describe(o), got, want)
				}
			}
			d := find(objs, "Deployment", "s-a").(*appsv1.Deployment)
			if got := d.Spec.Template.Annotations[AnnotationPeers]; got != tt.peers {
				t.Errorf("peers annotation %q, want %q", got, tt.peers)
			}
		})
	}
}

func TestStandardLabelsWin(t *testing.T) {
	role := "      labels: {app.kubernetes.io/name: spoof, tier: agents}\n"
	objs := mustRender(t, parse(t, swarmWith(role, "")), Options{})
	for _, o := range objs {
		l := o.Obj.GetLabels()
		if l[LabelName] != "a" || l[LabelManagedBy] != ManagedBy || l[LabelPartOf] != "s" {
			t.Errorf("%s: labels %v", describe(o), l)
		}
	}
	d := find(objs, "Deployment", "s-a").(*appsv1.Deployment)
	if d.Spec.Template.Labels["tier"] != "agents" {
		t.Error("role labels are missing from the pod template")
	}
	if _, ok := d.Spec.Selector.MatchLabels["tier"]; ok {
		t.Error("a role label is in the selector")
	}
}

func TestServiceAccountToken(t *testing.T) {
	for _, tt := range []struct {
		role string
		want bool
	}{
		{"", false},
		{"      serviceAccount: {automountToken: true}\n", true},
	} {
		objs := mustRender(t, parse(t, swarmWith(tt.role, "")), Options{})
		sa := find(objs, "ServiceAccount", "s-a").(*corev1.ServiceAccount)
		d := find(objs, "Deployment", "s-a").(*appsv1.Deployment)
		if *sa.AutomountServiceAccountToken != tt.want || *d.Spec.Template.Spec.AutomountServiceAccountToken != tt.want {
			t.Errorf("%q: automount = %v/%v, want %v", tt.role, *sa.AutomountServiceAccountToken, *d.Spec.Template.Spec.AutomountServiceAccountToken, tt.want)
		}
	}
}

func TestMonitoringSwitches(t *testing.T) {
	tests := []struct {
		name, monitoring                              string
		monitors, rules, adapter, dashboards, netpols int
	}{
		{"metrics only", "", 1, 0, 0, 1, 0},
		{"serviceMonitor off", "  monitoring: {serviceMonitor: false}\n", 0, 0, 0, 1, 0},
		{"dashboard off", "  monitoring: {dashboard: {enabled: false}}\n", 1, 0, 0, 0, 0},
		{"alerts and adapter", "  monitoring: {alerts: true, adapterRules: true}\n  networkPolicy: true\n", 1, 1, 1, 1, 1},
		{"grafana-operator too", "  monitoring: {dashboard: {grafanaOperator: {instanceSelector: {dashboards: grafana}}}}\n", 1, 0, 0, 2, 0},
	}
	role := "      metrics: {port: 9090}\n      replicas: {min: 1, max: 4}\n      scaling: {hpa: {metrics: [{name: q, type: Pods, target: 1}]}}\n"
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sw := parse(t, swarmWith(role, tt.monitoring))
			objs := mustRender(t, sw, Options{})
			adapter := 0
			if Adapter(sw, Options{}) != nil {
				adapter = 1
			}
			// The adapter's rules are no object of the swarm's: nothing in
			// the swarm's namespace would read them.
			got := []int{count(objs, "ServiceMonitor") + count(objs, "PodMonitor"), count(objs, "PrometheusRule"), adapter, count(objs, "ConfigMap") + count(objs, "GrafanaDashboard"), count(objs, "NetworkPolicy")}
			want := []int{tt.monitors, tt.rules, tt.adapter, tt.dashboards, tt.netpols}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("Service- or PodMonitor, PrometheusRule, adapter rules, dashboard ConfigMap + GrafanaDashboard, NetworkPolicy = %v, want %v", got, want)
					break
				}
			}
		})
	}
}

// A role that serves ports is scraped through its Service; one that only
// exports metrics, or runs Jobs, gets no ClusterIP Service and a PodMonitor.
func TestServiceOrPodMonitor(t *testing.T) {
	for _, tt := range []struct {
		name, role                  string
		services, svcMonitors, pods int
	}{
		{"serves ports", "      ports: [{name: http, port: 8080}]\n      metrics: {port: 9090}\n", 1, 1, 0},
		{"metrics only", "      metrics: {port: 9090}\n", 0, 0, 1},
		{"job", "      workload: Job\n      metrics: {port: 9090}\n", 0, 0, 1},
	} {
		objs := mustRender(t, parse(t, swarmWith(tt.role, "")), Options{})
		got := []int{count(objs, "Service"), count(objs, "ServiceMonitor"), count(objs, "PodMonitor")}
		if want := []int{tt.services, tt.svcMonitors, tt.pods}; !slices.Equal(got, want) {
			t.Errorf("%s: Services, ServiceMonitors, PodMonitors = %v, want %v", tt.name, got, want)
		}
		if pm, ok := find(objs, "PodMonitor", "s-a").(*monitoringv1.PodMonitor); ok {
			ep := pm.Spec.PodMetricsEndpoints[0]
			if *ep.Port != "metrics" || len(ep.RelabelConfigs) != 1 || *ep.RelabelConfigs[0].Replacement != "s-a" {
				t.Errorf("%s: PodMonitor endpoint %+v", tt.name, ep)
			}
		}
	}
}

func TestReservedRoleName(t *testing.T) {
	// spec.Validate refuses this name; Render checks again for swarms built in code.
	sw := parse(t, swarmWith("", "  headroom: {replicas: 1, resources: {requests: {cpu: 100m}}}\n"))
	sw.Spec.Roles[0].Name = "headroom"
	_, err := Render(sw, Options{})
	if err == nil || !strings.Contains(err.Error(), "swarm.yaml:") || !strings.Contains(err.Error(), "headroom Deployment") {
		t.Fatalf("err = %v, want a positioned error naming the headroom Deployment", err)
	}
	if _, err := Render(nil, Options{}); err == nil {
		t.Error("Render(nil) did not fail")
	}
}

// TestNamesAndLabelsValid checks every name and label against the API
// server's rules, with the longest names spec accepts.
func TestNamesAndLabelsValid(t *testing.T) {
	swarm := strings.Repeat("s", 53) // <swarm>-dashboard is 63 characters
	text := strings.Replace(swarmWith("      replicas: {min: 1, max: 3}\n      metrics: {port: 9090}\n      peers: {port: 7000}\n"+
		"      scaling: {hpa: {metrics: [{name: q, type: Object, target: 1}]}}\n",
		"  headroom: {replicas: 2, resources: {requests: {cpu: 100m}}}\n  monitoring: {alerts: true, adapterRules: true}\n  networkPolicy: true\n"),
		"name: s,", "name: "+swarm+",", 1)
	sw := parse(t, text)
	objs := mustRender(t, sw, Options{})
	for _, c := range goldenCases(t) {
		objs = append(objs, renderFile(t, c)...)
	}
	for _, o := range objs {
		kind := o.Obj.GetObjectKind().GroupVersionKind().Kind
		nameErrs := validation.IsDNS1123Subdomain(o.Obj.GetName())
		if kind == "Service" || kind == "ServiceAccount" || kind == "Deployment" || kind == "StatefulSet" {
			nameErrs = append(nameErrs, validation.IsDNS1123Label(o.Obj.GetName())...)
		}
		for _, e := range nameErrs {
			t.Errorf("%s: name: %s", describe(o), e)
		}
		for k, v := range o.Obj.GetLabels() {
			for _, e := range append(validation.IsQualifiedName(k), validation.IsValidLabelValue(v)...) {
				t.Errorf("%s: label %s=%s: %s", describe(o), k, v, e)
			}
		}
	}
}

func TestSuppressionsAndPoolAnnotations(t *testing.T) {
	tests := []struct {
		name, lint, ignore, reason string
	}{
		{"none", "", "", ""},
		{"reasons", "      lint: {ignore: [{rule: latest-tag, reason: pinned by digest upstream}, {rule: missing-pdb, reason: batch}]}\n",
			"latest-tag,missing-pdb", "pinned by digest upstream; batch"},
		{"same reason once", "      lint: {ignore: [{rule: a, reason: r}, {rule: b, reason: r}]}\n", "a,b", "r"},
	}
	pools := "  nodePools: [{name: p, allocatable: {cpu: \"4\", memory: 16Gi}, maxNodes: 7}]\n"
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			objs := mustRender(t, parse(t, swarmWith("      nodePool: p\n"+tt.lint, pools)), Options{})
			for _, o := range objs {
				a := o.Obj.GetAnnotations()
				if a[AnnotationIgnore] != tt.ignore || a[AnnotationIgnoreReason] != tt.reason {
					t.Errorf("%s: ignore %q reason %q, want %q %q", describe(o), a[AnnotationIgnore], a[AnnotationIgnoreReason], tt.ignore, tt.reason)
				}
			}
			d := find(objs, "Deployment", "s-a").(*appsv1.Deployment)
			if d.Annotations[AnnotationPoolMaxNodes] != "7" || d.Annotations[AnnotationAllocatable] != "cpu=4,memory=16Gi" || d.Annotations[AnnotationNodePool] != "p" {
				t.Errorf("pool annotations %v", d.Annotations)
			}
		})
	}
}

// A suppression without a reason (which spec refuses, but a Swarm built in
// code may have) writes no reason, so linting the manifests fails too.
func TestSuppressionWithoutReason(t *testing.T) {
	ids, reason := suppressions(&spec.RoleLint{Ignore: []spec.Suppression{{Rule: "a", Reason: "r"}, {Rule: "b"}}})
	if ids != "a,b" || reason != "" {
		t.Errorf("got %q %q, want \"a,b\" and no reason", ids, reason)
	}
}

// TestNoSharedMemory edits every rendered object and checks that the swarm
// did not change: callers (kustomize, lint) may edit what Render returns.
func TestNoSharedMemory(t *testing.T) {
	for _, c := range goldenCases(t) {
		data, err := os.ReadFile(c.input)
		if err != nil {
			t.Fatal(err)
		}
		s, errs := spec.Parse(c.input, data, spec.Options{})
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		before, _ := json.Marshal(s)
		for _, o := range mustRender(t, s, goldenOptions[c.name]) {
			scribble(reflect.ValueOf(o.Obj))
		}
		if after, _ := json.Marshal(s); string(before) != string(after) {
			t.Errorf("%s: editing rendered objects changed the swarm:\n%s", c.name, lineDiff(string(before), string(after)))
		}
	}
}

// scribble overwrites every string, number and map entry it can reach.
func scribble(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			scribble(v.Elem())
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				scribble(v.Field(i))
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			scribble(v.Index(i))
		}
	case reflect.Map:
		if v.IsNil() {
			return
		}
		for _, k := range v.MapKeys() {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(v.MapIndex(k))
			scribble(e)
			v.SetMapIndex(k, e)
		}
	case reflect.String:
		if v.CanSet() {
			v.SetString("scribbled")
		}
	case reflect.Int, reflect.Int32, reflect.Int64:
		if v.CanSet() {
			v.SetInt(4242)
		}
	}
}

func TestBadNamespaceOption(t *testing.T) {
	s := parse(t, swarmWith("", ""))
	for _, ns := range []string{"Agents", "a_b", strings.Repeat("n", 64), "-x"} {
		if _, err := Render(s, Options{Namespace: ns}); err == nil || !strings.Contains(err.Error(), "namespace") {
			t.Errorf("Namespace %q: err = %v", ns, err)
		}
	}
	if _, err := Render(s, Options{Namespace: "agents-2"}); err != nil {
		t.Errorf("a valid namespace failed: %v", err)
	}
}

func TestKafkaPartitionsAnnotationPerTrigger(t *testing.T) {
	role := `      replicas: {min: 1, max: 30}
      scaling:
        keda:
          triggers:
            - type: kafka
              metadata: {topic: a, bootstrapServers: k:9092, consumerGroup: g}
              partitions: 50
            - type: prometheus
              metadata: {serverAddress: "http://prom:9090", query: "sum(x)", threshold: "5"}
            - type: kafka
              metadata: {topic: b, bootstrapServers: k:9092, consumerGroup: g}
            - type: kafka
              metadata: {topic: c, bootstrapServers: k:9092, consumerGroup: g}
              partitions: 12
`
	objs := mustRender(t, parse(t, swarmWith(role, "")), Options{})
	so := find(objs, "ScaledObject", "s-a").(*keda.ScaledObject)
	if got := so.Annotations[AnnotationKafkaPartitions]; got != "50,,12" {
		t.Errorf("partitions annotation = %q, want one count per Kafka trigger, %q", got, "50,,12")
	}
}
