package lint

import (
	"fmt"

	yaml "go.yaml.in/yaml/v3"

	"github.com/agentscale/agentscale/internal/spec"
)

// Level is one `lint.rules.<id>: <level>` entry of .agentscale.yaml.
type Level struct {
	Rule  string
	Level string // error, warning, info or off; checked by Run
	Pos   spec.Pos
}

// ReadLevels reads the lint.rules section of a config file, keeping the
// position of each entry so that Run can point at unknown ids and levels.
// The file has been read by viper already, so YAML errors were reported
// there; here they just mean no levels.
func ReadLevels(file string, data []byte) []Level {
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
		return nil
	}
	_, lint := mapValue(doc.Content[0], "lint")
	_, rules := mapValue(lint, "rules")
	if rules == nil || rules.Kind != yaml.MappingNode {
		return nil
	}
	var out []Level
	for i := 0; i+1 < len(rules.Content); i += 2 {
		k, v := rules.Content[i], rules.Content[i+1]
		out = append(out, Level{Rule: k.Value, Level: v.Value, Pos: spec.Pos{File: file, Line: k.Line, Col: k.Column}})
	}
	return out
}

func mapValue(n *yaml.Node, key string) (k, v *yaml.Node) {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i], n.Content[i+1]
		}
	}
	return nil, nil
}

// levels checks the config entries against the registry: unknown rules and
// levels, and required rules switched off, are bad-config findings.
func levels(reg *Registry, entries []Level) (map[string]Severity, []Finding) {
	out := map[string]Severity{}
	var bad []Finding
	report := func(e Level, format string, args ...any) {
		bad = append(bad, Finding{Pos: e.Pos, Rule: BadConfig.ID, Severity: BadConfig.Severity,
			Message: fmt.Sprintf(format, args...)})
	}
	for _, e := range entries {
		rule := reg.Lookup(e.Rule)
		sev, err := ParseSeverity(e.Level)
		switch {
		case rule == nil:
			report(e, "unknown rule %q", e.Rule)
		case err != nil:
			report(e, "rule %q: %v", e.Rule, err)
		case rule.Required && sev == Off:
			report(e, "rule %q cannot be switched off", e.Rule)
		default:
			out[e.Rule] = sev
		}
	}
	return out, bad
}
