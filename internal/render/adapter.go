package render

import (
	"bytes"
	"regexp"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	yaml "go.yaml.in/yaml/v3"

	"github.com/agentscale/agentscale/internal/spec"
)

// AdapterConfigKey is the ConfigMap key holding Prometheus Adapter's config.
const AdapterConfigKey = "config.yaml"

// adapterConfig is Prometheus Adapter's metrics discovery configuration
// (sigs.k8s.io/prometheus-adapter/pkg/config), the parts render writes.
type adapterConfig struct {
	Rules         []adapterRule `yaml:"rules,omitempty"`
	ExternalRules []adapterRule `yaml:"externalRules,omitempty"`
}

type adapterRule struct {
	SeriesQuery  string          `yaml:"seriesQuery"`
	Resources    adapterResource `yaml:"resources"`
	Name         adapterName     `yaml:"name"`
	MetricsQuery string          `yaml:"metricsQuery"`
}

type adapterResource struct {
	Overrides map[string]groupResource `yaml:"overrides"`
}

type groupResource struct {
	Group    string `yaml:"group,omitempty"`
	Resource string `yaml:"resource"`
}

type adapterName struct {
	Matches string `yaml:"matches"`
	As      string `yaml:"as"`
}

// adapterQuery sums a metric over the pods (or objects) a request asks for.
const adapterQuery = "sum(<<.Series>>{<<.LabelMatchers>>}) by (<<.GroupBy>>)"

// adapterRules renders a ConfigMap of Prometheus Adapter rules exposing each
// custom metric an HPA scales on: Object and Pods metrics through the
// custom metrics API, External metrics through the external metrics API.
// One rule per metric, whatever the number of roles using it.
func (r *renderer) adapterRules() {
	var cfg adapterConfig
	custom := map[string]int{} // metric → index in cfg.Rules
	external := map[string]bool{}
	for i := range r.s.Spec.Roles {
		rc := r.newRoleContext(i, &r.s.Spec.Roles[i])
		sc := rc.role.Scaling
		if sc == nil || sc.HPA == nil {
			continue
		}
		for _, m := range sc.HPA.Metrics {
			if m.Type == spec.MetricExternal {
				if !external[m.Name] {
					external[m.Name] = true
					cfg.ExternalRules = append(cfg.ExternalRules, newAdapterRule(m.Name, `namespace!=""`,
						map[string]groupResource{"namespace": {Resource: "namespace"}}))
				}
				continue
			}
			j, ok := custom[m.Name]
			if !ok {
				j = len(cfg.Rules)
				custom[m.Name] = j
				cfg.Rules = append(cfg.Rules, newAdapterRule(m.Name, `namespace!="",pod!=""`, map[string]groupResource{
					"namespace": {Resource: "namespace"},
					"pod":       {Resource: "pod"},
				}))
			}
			label, gr := describedResource(rc, m)
			cfg.Rules[j].Resources.Overrides[label] = gr
		}
	}
	if len(cfg.Rules)+len(cfg.ExternalRules) == 0 {
		return
	}
	data, err := adapterYAML(cfg)
	if err != nil {
		panic(err) // plain strings and maps: cannot fail
	}
	o := r.swarmOwner("adapter-rules")
	r.add(stageConfigMap, &corev1.ConfigMap{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "ConfigMap"},
		ObjectMeta: r.monitoringMeta(o, o.instance),
		Data:       map[string]string{AdapterConfigKey: string(data)},
	}, -1, "spec.monitoring.adapterRules")
}

func newAdapterRule(metric, matchers string, overrides map[string]groupResource) adapterRule {
	return adapterRule{
		SeriesQuery:  metric + "{" + matchers + "}",
		Resources:    adapterResource{Overrides: overrides},
		Name:         adapterName{Matches: "^" + regexp.QuoteMeta(metric) + "$", As: metric},
		MetricsQuery: adapterQuery,
	}
}

// describedResource maps the label naming the object an Object metric
// describes (or the workload a Pods metric's pods belong to) to its resource.
func describedResource(rc *roleContext, m spec.HPAMetric) (string, groupResource) {
	kind, api := rc.kind, "apps/v1"
	if d := m.DescribedObject; d != nil && m.Type == spec.MetricObject {
		kind, api = d.Kind, d.APIVersion
		if api == "" {
			api = defaultAPIVersion(kind)
		}
	}
	group := ""
	if i := strings.Index(api, "/"); i >= 0 {
		group = api[:i]
	}
	// The label is the lower-case kind: deployment and statefulset are what
	// the ServiceMonitor relabelling adds, service what Prometheus Operator adds.
	res := strings.ToLower(kind)
	return res, groupResource{Group: group, Resource: res}
}

// adapterYAML writes the adapter config in its struct order, kubectl style.
func adapterYAML(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	enc.CompactSeqIndent()
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
