package render

import (
	"bytes"
	"regexp"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/agentscale/agentscale/internal/spec"
)

// PrometheusAdapter is what a Prometheus Adapter needs to serve the custom
// and external metrics a swarm's HPAs scale on. The adapter reads one
// config file, from its own namespace: a ConfigMap beside the swarm would
// be read by nobody (and the HPAs would fail until someone merged it by
// hand), so the rules are delivered where an adapter takes them.
type PrometheusAdapter struct {
	// Config is the adapter's --config file
	// (sigs.k8s.io/prometheus-adapter/pkg/config).
	Config []byte
	// HelmValues are values for the prometheus-community/prometheus-adapter
	// chart, whose rules.custom and rules.external become that file's rules
	// and externalRules.
	HelmValues []byte
}

// Files written by render --out-dir beside the objects (not kustomize
// resources: they are for the adapter's install, not the swarm's namespace).
const (
	AdapterConfigFile = "prometheus-adapter-config.yaml"
	AdapterValuesFile = "prometheus-adapter-values.yaml"
)

// adapterConfig is Prometheus Adapter's metrics discovery configuration
// (sigs.k8s.io/prometheus-adapter/pkg/config), the parts render writes.
type adapterConfig struct {
	Rules         []adapterRule `yaml:"rules,omitempty"`
	ExternalRules []adapterRule `yaml:"externalRules,omitempty"`
}

// adapterValues is the chart's rules block (its values.yaml: rules.custom,
// rules.external; rules.default stays as the release has it).
type adapterValues struct {
	Rules struct {
		Custom   []adapterRule `yaml:"custom,omitempty"`
		External []adapterRule `yaml:"external,omitempty"`
	} `yaml:"rules"`
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

// Adapter returns the Prometheus Adapter rules for s (nil unless
// spec.monitoring.adapterRules is set and an HPA scales on a custom or
// external metric): one rule per metric, whatever the number of roles
// using it; Object and Pods metrics through the custom metrics API,
// External metrics through the external metrics API.
func Adapter(s *spec.Swarm, opts Options) *PrometheusAdapter {
	if s == nil || s.Spec.Monitoring == nil || !s.Spec.Monitoring.AdapterRules {
		return nil
	}
	cfg := newRenderer(s, opts).adapterRules()
	if len(cfg.Rules)+len(cfg.ExternalRules) == 0 {
		return nil
	}
	var vals adapterValues
	vals.Rules.Custom, vals.Rules.External = cfg.Rules, cfg.ExternalRules
	name := s.Metadata.Name
	return &PrometheusAdapter{
		Config: append([]byte("# Prometheus Adapter rules for swarm "+name+" (agentscale): the adapter's --config file.\n"), adapterYAML(cfg)...),
		HelmValues: append([]byte("# Prometheus Adapter rules for swarm "+name+" (agentscale), as values for the\n"+
			"# prometheus-community/prometheus-adapter chart:\n"+
			"#   helm upgrade --install prometheus-adapter prometheus-community/prometheus-adapter \\\n"+
			"#     -n monitoring --reuse-values -f "+AdapterValuesFile+"\n"+
			"# Helm replaces lists: with several swarms, join their rules.custom and\n"+
			"# rules.external into one file.\n"), adapterYAML(vals)...),
	}
}

// adapterRules collects the rule of every custom and external metric.
func (r *renderer) adapterRules() adapterConfig {
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
	return cfg
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
func adapterYAML(v any) []byte {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	enc.CompactSeqIndent()
	if err := enc.Encode(v); err != nil {
		panic(err) // plain strings and maps: cannot fail
	}
	if err := enc.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}
