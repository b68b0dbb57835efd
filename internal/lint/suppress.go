package lint

import (
	"slices"
	"strconv"
	"strings"

	"github.com/agentscale/agentscale/internal/spec"
)

// suppression is one rule switched off for one object, and where it is
// written (for bad-suppression findings).
type suppression struct {
	rule, reason string
	at           Where
}

// annotationSuppressions reads agentscale.dev/ignore and ignore-reason from
// the object's metadata and from its pod template's.
func annotationSuppressions(o *Object) []suppression {
	var out []suppression
	read := func(ann map[string]string, meta string) {
		ids, ok := ann[AnnotationIgnore]
		if !ok {
			return
		}
		at := At(meta+`.annotations["`+AnnotationIgnore+`"]`, "annotations")
		reason := strings.TrimSpace(ann[AnnotationIgnoreReason])
		for _, id := range strings.Split(ids, ",") {
			if id = strings.TrimSpace(id); id != "" {
				out = append(out, suppression{rule: id, reason: reason, at: at})
			}
		}
	}
	read(o.Obj.GetAnnotations(), "metadata")
	if pod, path := o.PodTemplate(); pod != nil {
		read(pod.Annotations, joinPath(path, "metadata"))
	}
	return out
}

// roleSuppressions reads lint.ignore of the role that produced the objects.
func roleSuppressions(r *spec.Role) []suppression {
	if r.Lint == nil {
		return nil
	}
	out := make([]suppression, 0, len(r.Lint.Ignore))
	for i, s := range r.Lint.Ignore {
		out = append(out, suppression{rule: s.Rule, reason: s.Reason,
			at: At("", "lint.ignore["+strconv.Itoa(i)+"].rule")})
	}
	return out
}

// applySuppressions records valid suppressions on o and returns findings
// for the bad ones: unknown or required rules, and missing reasons (which
// still suppress: the bad-suppression error already fails the run).
func applySuppressions(reg *Registry, o *Object, sups []suppression, c *Context) {
	for _, s := range sups {
		rule := reg.Lookup(s.rule)
		switch {
		case rule == nil:
			c.Report(o, s.at, "suppression names unknown rule %q%s", s.rule, reg.DidYouMean(s.rule))
			continue
		case rule.Required:
			c.Report(o, s.at, "rule %q cannot be suppressed", s.rule)
			continue
		case s.reason == "":
			c.Report(o, s.at, "suppression of %q needs a reason (%s)", s.rule, AnnotationIgnoreReason)
		}
		if o.ignore == nil {
			o.ignore = map[string]string{}
		}
		o.ignore[s.rule] = s.reason
	}
}

// without returns the suppressions of sups whose rule is not in drop.
func without(sups, drop []suppression) []suppression {
	out := sups[:0:0]
	for _, s := range sups {
		if !slices.ContainsFunc(drop, func(d suppression) bool { return d.rule == s.rule }) {
			out = append(out, s)
		}
	}
	return out
}
