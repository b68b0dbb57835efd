package lint

import (
	"sort"

	"github.com/agentscale/agentscale/internal/spec"
)

// Finding is one problem, ready to print. Reporters read it; they never
// need the rule or the object.
type Finding struct {
	Pos      spec.Pos `json:"pos"`
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
	// Object is "Kind namespace/name" of the object the finding is about,
	// empty for findings about a file (parse errors, config).
	Object string `json:"object,omitempty"`
	// Field is the path of the field in the object, or in swarm.yaml.
	Field string `json:"field,omitempty"`
}

// Sort orders findings by position, rule and message, and drops repeats
// (a swarm field that causes the same problem in two rendered objects).
func Sort(fs []Finding) []Finding {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Pos != b.Pos {
			return a.Pos.Before(b.Pos)
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		if a.Message != b.Message {
			return a.Message < b.Message
		}
		return a.Object < b.Object
	})
	out := fs[:0]
	for i, f := range fs {
		if i > 0 && f.Pos == fs[i-1].Pos && f.Rule == fs[i-1].Rule && f.Message == fs[i-1].Message {
			continue
		}
		out = append(out, f)
	}
	return out
}

// Worst returns the highest severity among fs (Off when empty).
func Worst(fs []Finding) Severity {
	w := Off
	for _, f := range fs {
		w = max(w, f.Severity)
	}
	return w
}

// Failed reports whether any finding is at or above the fail level.
func Failed(fs []Finding, failOn FailLevel) bool {
	return failOn != Off && Worst(fs) >= failOn
}
