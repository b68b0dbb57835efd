package lint

import (
	"fmt"

	"github.com/agentscale/agentscale/internal/spec"
	"github.com/agentscale/agentscale/internal/yamlpos"
)

// Level is one `lint.rules.<id>: <level>` entry of .agentscale.yaml.
type Level struct {
	Rule  string
	Level string // error, warning, info or off; checked by Run
	Pos   spec.Pos
}

// ReadLevels reads the lint.rules section of a config file, keeping the
// position of each entry so that Run can point at unknown ids and levels.
// The file has been read by the config loader already, so YAML errors
// were reported there; here they just mean no levels.
func ReadLevels(file string, data []byte) []Level {
	root, errs := yamlpos.ParseOne(yamlpos.Origin{File: file}, data, yamlpos.Default)
	if len(errs) > 0 {
		return nil
	}
	return LevelsFrom(root)
}

// LevelsFrom reads the lint.rules section of a parsed config file.
func LevelsFrom(root *yamlpos.Node) []Level {
	rules := root.Get("lint").Get("rules")
	if rules == nil || rules.Kind != yamlpos.Map {
		return nil
	}
	var out []Level
	for i, k := range rules.Keys {
		v := rules.Vals[i]
		level := ""
		if v != nil && v.Kind == yamlpos.Scalar {
			level = fmt.Sprint(v.Value)
			if v.Value == nil {
				level = ""
			}
		}
		out = append(out, Level{Rule: k.Name, Level: level, Pos: k.Pos})
	}
	return out
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
			report(e, "unknown rule %q%s", e.Rule, reg.DidYouMean(e.Rule))
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
