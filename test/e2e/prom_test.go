package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"

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

// adapterConfigs returns the Prometheus Adapter rule files held by
// ConfigMaps: data values whose top-level keys are the adapter's.
func adapterConfigs(objs []object) map[string]string {
	out := map[string]string{}
	for _, o := range objs {
		if o.kind() != "ConfigMap" {
			continue
		}
		for key, val := range o.strMap("data") {
			var top map[string]any
			if yaml.Unmarshal([]byte(val), &top) != nil {
				continue
			}
			for _, k := range []string{"rules", "externalRules", "resourceRules"} {
				if _, ok := top[k]; ok {
					out[o.ref()+" data."+key] = val
					break
				}
			}
		}
	}
	return out
}

// checkAdapterConfigs runs adaptercheck on every adapter rule file.
func checkAdapterConfigs(dir string, objs []object) (int, []string) {
	cfgs := adapterConfigs(objs)
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
