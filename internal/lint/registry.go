package lint

import (
	"fmt"
	"github.com/agentscale/agentscale/internal/suggest"
	"regexp"
	"sort"
	"sync"
)

// The engine's own rules: they report input that could not be linted, or
// suppressions and config that are wrong. They have no Check.
var (
	ParseError = &Rule{ID: "parse-error", Severity: Error, Required: true,
		Why: "A file that does not parse, or is not a regular file within the size limit, is not linted at all; kubectl would reject it too.",
		Fix: "Fix the YAML or JSON at the position shown; a file refused whole must be a regular file within the size limit."}
	InvalidSwarm = &Rule{ID: "invalid-swarm", Severity: Error, Required: true,
		Why: "A swarm file that fails validation cannot be rendered, so none of its objects are linted.",
		Fix: "Fix each error at the position shown; docs/spec.md describes every field."}
	BadSuppression = &Rule{ID: "bad-suppression", Severity: Error, Required: true,
		Why: "A suppression without a reason, or one naming a rule that does not exist, hides problems nobody can review.",
		Fix: "Name an existing rule (agentscale lint --list-rules) and say why it does not apply."}
	BadConfig = &Rule{ID: "bad-config", Severity: Error, Required: true,
		Why: "A config entry for an unknown rule or level silently changes nothing.",
		Fix: "Use a rule id from agentscale lint --list-rules and a level of error, warning, info or off."}
)

// engineRules are always registered.
var engineRules = []*Rule{ParseError, InvalidSwarm, BadSuppression, BadConfig}

// Registry is the set of rules of a run, sorted by id.
type Registry struct {
	rules []*Rule
	byID  map[string]*Rule
}

var ruleID = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`) })

// NewRegistry checks the declarations (unique kebab-case ids, a why and a
// fix, a default severity) and adds the engine's own rules.
func NewRegistry(rules ...*Rule) (*Registry, error) {
	r := &Registry{byID: map[string]*Rule{}}
	for _, rule := range append(append([]*Rule(nil), engineRules...), rules...) {
		switch {
		case !ruleID().MatchString(rule.ID):
			return nil, fmt.Errorf("rule id %q is not kebab-case", rule.ID)
		case r.byID[rule.ID] != nil:
			return nil, fmt.Errorf("rule %q is registered twice", rule.ID)
		case rule.Why == "" || rule.Fix == "":
			return nil, fmt.Errorf("rule %q needs Why and Fix", rule.ID)
		case rule.Severity < Info || rule.Severity > Error:
			return nil, fmt.Errorf("rule %q needs a default severity", rule.ID)
		}
		r.byID[rule.ID] = rule
		r.rules = append(r.rules, rule)
	}
	sort.Slice(r.rules, func(i, j int) bool { return r.rules[i].ID < r.rules[j].ID })
	return r, nil
}

// MustRegistry is NewRegistry for static lists; a bad declaration is a bug.
func MustRegistry(rules ...*Rule) *Registry {
	r, err := NewRegistry(rules...)
	if err != nil {
		panic(err)
	}
	return r
}

// Rules returns every rule, sorted by id.
func (r *Registry) Rules() []*Rule { return r.rules }

// Lookup returns the rule with the given id, or nil.
func (r *Registry) Lookup(id string) *Rule { return r.byID[id] }

// DidYouMean is ` (did you mean "x"?)` for the rule id nearest to an
// unknown one, or "".
func (r *Registry) DidYouMean(id string) string {
	ids := make([]string, len(r.rules))
	for i, rule := range r.rules {
		ids[i] = rule.ID
	}
	return suggest.DidYouMean(id, ids)
}

// checks returns the rules that have a Check, sorted by id.
func (r *Registry) checks() []*Rule {
	var out []*Rule
	for _, rule := range r.rules {
		if rule.Check != nil {
			out = append(out, rule)
		}
	}
	return out
}
