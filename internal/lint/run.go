package lint

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/agentscale/agentscale/internal/build"
	"github.com/agentscale/agentscale/internal/manifest"
	"github.com/agentscale/agentscale/internal/render"
	"github.com/agentscale/agentscale/internal/secrets"
	"github.com/agentscale/agentscale/internal/spec"
)

// Options configure a lint run.
type Options struct {
	// Rules are the checks to run (rules.All()) plus the engine's own.
	Rules *Registry
	// Levels are config entries (lint.rules in .agentscale.yaml): a level
	// per rule id, or off.
	Levels []Level
	// Env is the swarm environment to apply before rendering swarm files.
	Env string
	// Render renders a valid swarm; nil means build.Objects, the objects
	// `agentscale render` writes.
	Render func(*spec.Swarm) ([]render.Object, error)
}

// Run lints the sources and returns the findings, sorted. Each swarm file is
// rendered and linted as a complete set of objects; all manifest files of a
// run are linted together, as one partial set (a PDB in one file covers a
// Deployment in another).
func Run(srcs []Source, opts Options) []Finding {
	secrets.Warm() // plaintext-credentials needs gitleaks' rules: parse them on the other core
	levels, out := levels(opts.Rules, opts.Levels)
	var manifests []*Object
	for _, src := range srcs {
		if src.Err != nil {
			out = append(out, ErrorFindings(ParseError, spec.ErrorList{src.Err})...)
			continue
		}
		if spec.LooksLikeSwarm(src.Data) { // spec.Parse reports every problem of the file
			out = append(out, lintSwarm(src, opts, levels)...)
			continue
		}
		docs, errs := manifest.Parse(src.Name, src.Data)
		if isSwarm(docs) { // a swarm in flow style or JSON
			out = append(out, lintSwarm(src, opts, levels)...)
			continue
		}
		out = append(out, ErrorFindings(ParseError, errs)...)
		manifests = append(manifests, manifestObjects(docs, &out)...)
	}
	if len(manifests) > 0 {
		out = append(out, lintSet(manifests, true, opts.Rules, levels)...)
	}
	return Sort(out)
}

// isSwarm reports whether a file is a swarm file: its first object is an
// agentscale.dev Swarm. (spec.Parse reports any other document in it.)
func isSwarm(docs []*manifest.Document) bool {
	return len(docs) > 0 && docs[0].Kind == spec.Kind && docs[0].APIVersion == spec.APIVersion
}

// lintSwarm validates, renders and lints one swarm file.
func lintSwarm(src Source, opts Options, levels map[string]Severity) []Finding {
	sw, errs := spec.Parse(src.Name, src.Data, spec.Options{Env: opts.Env})
	if len(errs) > 0 {
		return ErrorFindings(InvalidSwarm, errs)
	}
	renderSwarm := opts.Render
	if renderSwarm == nil {
		renderSwarm = func(s *spec.Swarm) ([]render.Object, error) {
			return build.Objects(s, build.Options{NoDashboard: true})
		}
	}
	rendered, err := renderSwarm(sw)
	if err != nil {
		list, ok := spec.AsErrorList(err)
		if !ok {
			list = spec.ErrorList{{Pos: sw.Pos("spec"), Msg: "cannot render: " + err.Error()}}
		}
		return ErrorFindings(InvalidSwarm, list)
	}
	objs := swarmObjects(sw, rendered)
	c := &Context{rule: BadSuppression}
	for _, o := range objs {
		var fromRole []suppression
		if so := o.origin.(swarmOrigin); so.role >= 0 && so.role < len(sw.Spec.Roles) {
			fromRole = roleSuppressions(&sw.Spec.Roles[so.role])
		}
		applySuppressions(opts.Rules, o, fromRole, c)
		// render writes lint.ignore as agentscale.dev/ignore annotations, for
		// lint of rendered manifests; here the role's own entries are
		// already applied (and reported at their lines), so only
		// suppressions from the role's annotations are left.
		applySuppressions(opts.Rules, o, without(annotationSuppressions(o), fromRole), c)
	}
	return append(resolve(c.findings, BadSuppression, levels), lintSet(objs, false, opts.Rules, levels)...)
}

// manifestObjects wraps decoded documents; the Swarm documents among
// manifests are reported (a swarm file holds one Swarm and nothing else).
func manifestObjects(docs []*manifest.Document, out *[]Finding) []*Object {
	objs := make([]*Object, 0, len(docs))
	for _, d := range docs {
		if d.Kind == spec.Kind && d.APIVersion == spec.APIVersion {
			*out = append(*out, Finding{Pos: d.Start, Rule: ParseError.ID, Severity: Error,
				Message: "a Swarm must be alone in its file; move the other documents out"})
			continue
		}
		o := &Object{Obj: d.Obj, Kind: d.Kind, APIVersion: d.APIVersion, origin: manifestOrigin{d}}
		o.Intent = intentFromAnnotations(o)
		objs = append(objs, o)
	}
	return objs
}

// lintSet runs every rule over one set of objects.
func lintSet(objs []*Object, partial bool, reg *Registry, levels map[string]Severity) []Finding {
	ix := newIndex(objs, partial)
	var out []Finding
	if partial {
		c := &Context{index: ix, rule: BadSuppression}
		for _, o := range objs {
			applySuppressions(reg, o, annotationSuppressions(o), c)
		}
		out = resolve(c.findings, BadSuppression, levels)
	}
	rules := reg.checks()
	results := make([][]Finding, len(rules))
	// One worker per core takes the rules in turn: a goroutine per rule
	// grew a fresh stack for each.
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(rules)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(rules); i = int(next.Add(1) - 1) {
				rule := rules[i]
				if sev, set := levels[rule.ID]; set && sev == Off {
					continue
				}
				results[i] = resolve(check(rule, ix), rule, levels)
			}
		})
	}
	wg.Wait()
	for _, r := range results {
		out = append(out, r...)
	}
	return out
}

// check runs one rule. A rule that panics on odd input is a bug in the rule,
// but must not take the run down: it becomes a finding that says so.
func check(rule *Rule, ix *index) (found []pending) {
	c := &Context{index: ix, rule: rule}
	defer func() {
		if r := recover(); r != nil {
			found = append(c.findings, pending{sev: Error, msg: fmt.Sprintf("internal error in rule %s: %v (please report this bug)", rule.ID, r)})
		}
	}()
	rule.Check(c)
	return c.findings
}

// resolve drops suppressed findings, applies the configured level and looks
// up positions, which for manifests re-parses the documents concerned.
func resolve(ps []pending, rule *Rule, levels map[string]Severity) []Finding {
	out := make([]Finding, 0, len(ps))
	for _, p := range ps {
		if p.obj != nil && !rule.Required {
			if _, ok := p.obj.ignore[rule.ID]; ok {
				continue
			}
		}
		sev := p.sev
		if l, ok := levels[rule.ID]; ok {
			sev = l
		}
		if sev == Off {
			continue
		}
		f := Finding{Rule: rule.ID, Severity: sev, Message: p.msg}
		if p.obj != nil {
			f.Pos, f.Object, f.Field = p.obj.Pos(p.at), p.obj.Ref(), field(p.obj, p.at)
		}
		out = append(out, f)
	}
	return out
}

// ErrorFindings turns parse or validation errors into findings of rule:
// lint's own reports, and validate's machine-readable ones, which are the
// same objects.
func ErrorFindings(rule *Rule, errs spec.ErrorList) []Finding {
	out := make([]Finding, 0, len(errs))
	for _, e := range errs {
		msg := e.Msg
		if e.Path != "" {
			msg = e.Path + ": " + msg
		}
		out = append(out, Finding{Pos: e.Pos, Rule: rule.ID, Severity: rule.Severity, Message: msg, Field: e.Path})
	}
	return out
}
