// Command adaptercheck checks Prometheus Adapter rule files (the config.yaml
// of prometheus-adapter's ConfigMap) the way the adapter reads them at start.
//
// It loads the file with the adapter's own config package
// (sigs.k8s.io/prometheus-adapter/pkg/config, FromYAML: gopkg.in/yaml.v2,
// strict, so unknown fields are errors), then compiles what the adapter
// compiles at start: regexes, << >> templates, and the PromQL they expand to,
// with Prometheus' own parser.
//
// Usage: adaptercheck FILE... ; exits 1 and prints every problem on failure.
package main

import (
	"bytes"
	"fmt"
	"os"
	"regexp"
	"text/template"

	"github.com/prometheus/prometheus/promql/parser"
	"sigs.k8s.io/prometheus-adapter/pkg/config"
)

// promql is Prometheus' default PromQL parser, as the adapter's Prometheus
// server would parse the queries.
var promql = parser.NewParser(parser.Options{})

// queryValues are sample values for the fields the adapter passes to
// metricsQuery templates, so the expanded query can be parsed.
var queryValues = map[string]any{
	"Series":        "http_requests_total",
	"LabelMatchers": `namespace="ns",pod=~"a|b"`,
	"GroupBy":       "pod",
	"GroupBySlice":  []string{"pod"},
	"LabelValuesByName": map[string][]string{
		"pod": {"a", "b"},
	},
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: adaptercheck FILE...")
		os.Exit(2)
	}
	failed := false
	for _, f := range os.Args[1:] {
		for _, p := range checkFile(f) {
			failed = true
			fmt.Printf("%s: %s\n", f, p)
		}
	}
	if failed {
		os.Exit(1)
	}
}

func checkFile(path string) []string {
	data, err := os.ReadFile(path)
	if err != nil {
		return []string{err.Error()}
	}
	cfg, err := config.FromYAML(data)
	if err != nil {
		return []string{err.Error()}
	}
	var probs []string
	add := func(format string, args ...any) { probs = append(probs, fmt.Sprintf(format, args...)) }
	if len(cfg.Rules)+len(cfg.ExternalRules) == 0 && cfg.ResourceRules == nil {
		add("no rules, externalRules or resourceRules")
	}
	for i, r := range cfg.Rules {
		checkRule(fmt.Sprintf("rules[%d]", i), r, add)
	}
	for i, r := range cfg.ExternalRules {
		checkRule(fmt.Sprintf("externalRules[%d]", i), r, add)
	}
	if rr := cfg.ResourceRules; rr != nil {
		for name, r := range map[string]config.ResourceRule{"cpu": rr.CPU, "memory": rr.Memory} {
			at := "resourceRules." + name
			checkQueryTemplate(at+".containerQuery", r.ContainerQuery, add)
			checkQueryTemplate(at+".nodeQuery", r.NodeQuery, add)
			checkResources(at+".resources", r.Resources, add)
		}
		if rr.Window <= 0 {
			add("resourceRules.window must be a positive duration")
		}
	}
	return probs
}

func checkRule(at string, r config.DiscoveryRule, add func(string, ...any)) {
	if r.SeriesQuery == "" {
		add("%s.seriesQuery is empty", at)
	} else if _, err := promql.ParseExpr(r.SeriesQuery); err != nil {
		add("%s.seriesQuery: %v", at, err)
	}
	for j, f := range r.SeriesFilters {
		switch {
		case (f.Is == "") == (f.IsNot == ""):
			add("%s.seriesFilters[%d]: exactly one of is and isNot must be set", at, j)
		default:
			if _, err := regexp.Compile(f.Is + f.IsNot); err != nil {
				add("%s.seriesFilters[%d]: %v", at, j, err)
			}
		}
	}
	if re, err := regexp.Compile(r.Name.Matches); err != nil {
		add("%s.name.matches: %v", at, err)
	} else if r.Name.As == "" && re.NumSubexp() > 1 {
		// The adapter only defaults "as" for zero or one capture group.
		add("%s.name.as must be set when name.matches has %d capture groups", at, re.NumSubexp())
	}
	checkResources(at+".resources", r.Resources, add)
	if r.MetricsQuery != "" {
		checkQueryTemplate(at+".metricsQuery", r.MetricsQuery, add)
	}
}

func checkResources(at string, m config.ResourceMapping, add func(string, ...any)) {
	if m.Template != "" {
		if _, err := template.New("resource").Delims("<<", ">>").Parse(m.Template); err != nil {
			add("%s.template: %v", at, err)
		}
	}
	for label, gr := range m.Overrides {
		if gr.Resource == "" {
			add("%s.overrides[%s].resource is empty", at, label)
		}
	}
}

// checkQueryTemplate parses a << >> query template, expands it with sample
// values and parses the result as PromQL.
func checkQueryTemplate(at, text string, add func(string, ...any)) {
	if text == "" {
		add("%s is empty", at)
		return
	}
	tmpl, err := template.New("query").Delims("<<", ">>").Parse(text)
	if err != nil {
		add("%s: %v", at, err)
		return
	}
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, queryValues); err != nil {
		add("%s: %v", at, err)
		return
	}
	if _, err := promql.ParseExpr(buf.String()); err != nil {
		add("%s expands to invalid PromQL %q: %v", at, buf.String(), err)
	}
}
