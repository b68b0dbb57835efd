package render

import (
	"bytes"
	"reflect"
	"regexp"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"
	kjson "sigs.k8s.io/json"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/agentscale/agentscale/internal/spec"
)

// TestRoundTrip decodes every rendered object strictly into its own Go type
// (an unknown or misspelt field fails) and checks that encoding the decoded
// object again gives the same bytes: the cleaning removed only noise.
func TestRoundTrip(t *testing.T) {
	for _, c := range goldenCases(t) {
		t.Run(c.name, func(t *testing.T) {
			for _, o := range renderFile(t, c) {
				first, err := MarshalYAML(o.Obj)
				if err != nil {
					t.Fatal(err)
				}
				js, err := sigsyaml.YAMLToJSON(first)
				if err != nil {
					t.Fatalf("%s: %v", describe(o), err)
				}
				fresh := reflect.New(reflect.TypeOf(o.Obj).Elem()).Interface().(KubeObject)
				strict, err := kjson.UnmarshalStrict(js, fresh)
				if err != nil {
					t.Fatalf("%s: %v", describe(o), err)
				}
				for _, e := range strict {
					t.Errorf("%s: %v", describe(o), e)
				}
				again, err := MarshalYAML(fresh)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(first, again) {
					t.Errorf("%s changes in a round trip:\n%s", describe(o), lineDiff(string(first), string(again)))
				}
			}
		})
	}
}

// TestAdapterConfigParses decodes each adapter config strictly, as
// Prometheus Adapter does, compiles its name regexes, and checks that the
// Helm values carry the same rules.
func TestAdapterConfigParses(t *testing.T) {
	found := 0
	for _, c := range goldenCases(t) {
		s, err := spec.Load(c.input, nil, spec.Options{})
		if err != nil {
			t.Fatal(err)
		}
		a := Adapter(s, goldenOptions[c.name])
		if a == nil {
			continue
		}
		found++
		var cfg adapterConfig
		strictYAML(t, c.name, a.Config, &cfg)
		var vals adapterValues
		strictYAML(t, c.name, a.HelmValues, &vals)
		if !reflect.DeepEqual(cfg.Rules, vals.Rules.Custom) || !reflect.DeepEqual(cfg.ExternalRules, vals.Rules.External) {
			t.Errorf("%s: the Helm values' rules differ from the config's", c.name)
		}
		for _, r := range append(cfg.Rules, cfg.ExternalRules...) {
			if _, err := regexp.Compile(r.Name.Matches); err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			if !strings.Contains(r.MetricsQuery, "<<.Series>>") || r.SeriesQuery == "" {
				t.Errorf("%s: incomplete rule %+v", c.name, r)
			}
			if len(r.Resources.Overrides) == 0 {
				t.Errorf("%s: rule for %s maps no resources", c.name, r.Name.As)
			}
		}
	}
	if found == 0 {
		t.Fatal("no golden input renders adapter rules")
	}
}

func strictYAML(t *testing.T, name string, data []byte, v any) {
	t.Helper()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v\n%s", name, err, data)
	}
}

func describe(o Object) string {
	return o.Obj.GetObjectKind().GroupVersionKind().Kind + " " + o.Obj.GetName()
}
