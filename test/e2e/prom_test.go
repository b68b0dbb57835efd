package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"sigs.k8s.io/yaml"
)

// checkPrometheusRules runs promtool check rules on the groups of every
// PrometheusRule; it returns how many rule objects it checked.
func checkPrometheusRules(dir string, objs []object) (int, []string) {
	var probs []string
	n := 0
	for _, o := range objs {
		if o.kind() != "PrometheusRule" {
			continue
		}
		n++
		// promtool reads a Prometheus rule file, which is the CRD's spec:
		// {groups: [...]}.
		data, err := yaml.Marshal(map[string]any{"groups": o.get("spec", "groups")})
		if err != nil {
			probs = append(probs, fmt.Sprintf("%s: %v", o.ref(), err))
			continue
		}
		f := filepath.Join(dir, "rules-"+o.name()+".yaml")
		if err := os.WriteFile(f, data, 0o644); err != nil {
			probs = append(probs, err.Error())
			continue
		}
		// --lint-fatal: duplicate rules are an error, not a note.
		if r := run(nil, nil, dir, env.promtool, "check", "rules", "--lint=all", "--lint-fatal", f); r.err != nil {
			probs = append(probs, fmt.Sprintf("%s: promtool check rules failed:\n%s", o.ref(), r))
		}
	}
	return n, probs
}

// Files render --out-dir writes for Prometheus Adapter (render.AdapterConfigFile
// and render.AdapterValuesFile; the e2e module does not import agentscale).
const (
	adapterConfigFile = "prometheus-adapter-config.yaml"
	adapterValuesFile = "prometheus-adapter-values.yaml"
)

// outDirAdapterConfigs reads the adapter files of a render --out-dir: the
// config file as it is, and the Helm values as the prometheus-adapter
// chart turns them into its config.yaml (rules.custom under rules,
// rules.external under externalRules; templates/custom-metrics-configmap.yaml).
func outDirAdapterConfigs(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	if b, err := os.ReadFile(filepath.Join(dir, adapterConfigFile)); err == nil {
		out[adapterConfigFile] = string(b)
	}
	b, err := os.ReadFile(filepath.Join(dir, adapterValuesFile))
	if err != nil {
		return out
	}
	var vals struct {
		Rules struct {
			Custom   []any `json:"custom"`
			External []any `json:"external"`
		} `json:"rules"`
	}
	if err := yaml.UnmarshalStrict(b, &vals); err != nil {
		t.Fatalf("%s: %v", adapterValuesFile, err)
	}
	cfg := map[string]any{}
	if len(vals.Rules.Custom) > 0 {
		cfg["rules"] = vals.Rules.Custom
	}
	if len(vals.Rules.External) > 0 {
		cfg["externalRules"] = vals.Rules.External
	}
	c, err := yaml.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	out[adapterValuesFile+" (as the chart's config.yaml)"] = string(c)
	return out
}

// checkAdapterConfigs runs adaptercheck on every adapter rule file.
func checkAdapterConfigs(dir string, cfgs map[string]string) (int, []string) {
	names := make([]string, 0, len(cfgs))
	for n := range cfgs {
		names = append(names, n)
	}
	sort.Strings(names)
	var probs []string
	for i, name := range names {
		f := filepath.Join(dir, fmt.Sprintf("adapter-%d.yaml", i))
		if err := os.WriteFile(f, []byte(cfgs[name]), 0o644); err != nil {
			probs = append(probs, err.Error())
			continue
		}
		if r := run(nil, nil, dir, env.adapter, f); r.err != nil {
			probs = append(probs, fmt.Sprintf("%s: Prometheus Adapter config does not load:\n%s", name, r))
		}
	}
	return len(names), probs
}
