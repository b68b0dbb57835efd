package spec

import (
	"io"
	"sort"
	"strings"
	"sync"

	"github.com/agentscale/agentscale/internal/diag"

	"github.com/agentscale/agentscale/internal/yamlpos"
)

// Options change how a swarm is loaded.
type Options struct {
	// Env names the environment (spec.environments) to apply before
	// validation. When empty, the base swarm is returned and every
	// environment is checked too, so a broken overlay fails early.
	Env string
}

// Load reads and parses one swarm file ("-" reads stdin, named <stdin>).
func Load(path string, stdin io.Reader, opts Options) (*Swarm, error) {
	data, err := ReadFile(path, stdin)
	if err != nil {
		return nil, err
	}
	name := path
	if path == "-" {
		name = StdinName
	}
	s, errs := Parse(name, data, opts)
	if len(errs) > 0 {
		return nil, errs
	}
	return s, nil
}

// Parse turns the bytes of a swarm file into a valid Swarm: YAML with
// positions, the JSON Schema, the environment, defaults, strict decoding and
// the semantic checks. It returns every error it finds, not just the first;
// only invalid YAML stops it early.
func Parse(file string, data []byte, opts Options) (*Swarm, ErrorList) {
	root, errs := parseYAML(file, data)
	if len(errs) > 0 {
		return nil, errs
	}
	values, _ := root.Size()
	src := newPositions(file, values*5/4)
	errs = validateSchema(toJSON(root, "", src), src)
	fillFile(file, errs)
	envs := root.Get("spec").Get("environments")
	if envs == nil || envs.Kind != yamlpos.Map || opts.Env != "" {
		if budgetErrs := checkBudget(root, 0); len(budgetErrs) > 0 {
			return nil, finish(file, append(errs, budgetErrs...))
		}
		return resolve(file, root, opts.Env, src, errs)
	}
	if budgetErrs := checkBudget(root, len(envs.Keys)); len(budgetErrs) > 0 {
		return nil, finish(file, budgetErrs)
	}
	names := make([]string, len(envs.Keys))
	for i, k := range envs.Keys {
		names[i] = k.Name
	}
	sort.Strings(names)
	// The base swarm and each environment resolve on their own copy of the
	// tree, side by side when there are several: a hook pays for the
	// slowest, not for the sum. One environment resolves in line: starting
	// a goroutine, and a thread for it, costs about what running it beside
	// the base saves (docs/architecture.md, start-up).
	trees := make([]*node, len(names))
	for i := range names {
		trees[i] = root.Clone()
	}
	envErrs := make([]ErrorList, len(names))
	var wg sync.WaitGroup
	for i, env := range names {
		if len(names) == 1 {
			_, envErrs[i] = resolve(file, trees[i], env, src, errs)
			continue
		}
		wg.Go(func() { _, envErrs[i] = resolve(file, trees[i], env, src, errs) })
	}
	s, baseErrs := resolve(file, root, "", src, errs)
	wg.Wait()
	// An environment reports what it adds: the base's errors, which every
	// environment inherits, are reported once.
	seen := make(map[diag.Error]bool, len(baseErrs))
	for _, e := range baseErrs {
		seen[*e] = true
	}
	all := baseErrs
	for i, env := range names {
		for _, e := range envErrs[i] {
			if seen[*e] {
				continue
			}
			seen[*e] = true
			if !strings.Contains(e.Msg, `environment "`+env+`"`) && !strings.HasPrefix(e.Path, "environments."+env+".") {
				e.Msg = "environment " + env + ": " + e.Msg
			}
			all = append(all, e)
		}
	}
	if len(all) > 0 {
		all.Sort()
		return nil, all
	}
	return s, nil
}

// resolve applies the environment and the defaults to root, decodes it and
// runs the semantic checks. Structural errors (the schema's, passed in, and
// the decoder's) are reported with the semantic errors of the parts of the
// file they leave alone: a broken role is not also reported as inconsistent.
func resolve(file string, root *node, env string, src positions, structural ErrorList) (*Swarm, ErrorList) {
	errs := append(ErrorList(nil), structural...)
	if env != "" {
		if envErrs := applyEnvironment(file, root, env); len(envErrs) > 0 {
			// A key the schema has refused (an invalid role name) is not
			// also reported as undefined.
			at := make(map[Pos]bool, len(errs))
			for _, e := range errs {
				at[e.Pos] = true
			}
			for _, e := range envErrs {
				if e.Pos.File == "" {
					e.Pos.File = file
				}
				if !at[e.Pos] {
					errs = append(errs, e)
				}
			}
			return nil, finish(file, errs)
		}
	}
	applyRoleDefaults(root)
	pos := newPositions(file, len(src.at)*3/2) // the defaults add about a third
	plain := toJSON(root, "", pos)
	var qErrs ErrorList
	checkQuantities(plain, pos, &qErrs)
	toSource(qErrs, src, "")
	errs = append(errs, qErrs...)
	s, decErrs, ok := decode(file, plain, pos)
	if !ok && len(structural) > 0 {
		// The schema has reported these values already, in its own words.
		decErrs = onlyUnknownFields(decErrs)
	}
	fillFile(file, decErrs)
	toSource(decErrs, src, "")
	errs = append(errs, decErrs...)
	s.Env = env
	setImplicitDefaults(s)
	blocked := blockedScopes(errs)
	var semantic ErrorList
	for _, e := range Validate(s) {
		if independent(e.Path) || !blocked.covers(e.Path) {
			semantic = append(semantic, e)
		}
	}
	// A check that fails on what an environment wrote names that field
	// (environments.prod.roles.scout.image), not the merged role's.
	toSource(semantic, src, "spec.environments.")
	errs = append(errs, semantic...)
	if len(errs) > 0 {
		return nil, finish(file, dropNested(errs))
	}
	return s, nil
}

func onlyUnknownFields(errs ErrorList) ErrorList {
	var out ErrorList
	for _, e := range errs {
		if strings.HasPrefix(e.Msg, UnknownField) || e.Msg == "duplicate field" {
			out = append(out, e)
		}
	}
	return out
}

// toSource renames the paths of errors found after merging to the field
// the user wrote: an unknown field in spec.defaults is reported once, at
// defaults, not once for every role that inherited it. Only paths under
// prefix are taken ("" for any).
func toSource(errs ErrorList, src positions, prefix string) {
	if len(errs) == 0 {
		return
	}
	byKey := make(map[Pos]string, len(src.at))
	src.each(func(p string, fp fieldPos) {
		for _, at := range []Pos{fp.Key, fp.Value} {
			if q, ok := byKey[at]; !ok || len(p) < len(q) {
				byKey[at] = p
			}
		}
	})
	for _, e := range errs {
		if e.Path == "" || sourcedAt(src, e) {
			continue
		}
		if p, ok := byKey[e.Pos]; ok && strings.HasPrefix(p, prefix) {
			e.Path = displayPath(p)
		}
	}
}

// blocked holds the parts of the file whose values a structural error
// makes untrustworthy: a value of the wrong type decodes as zero, and a
// semantic check of it (or of its siblings, min against max) would report
// a consequence, not a mistake. Everything else is checked in the same
// pass, so one run shows every error.
type blocked []scope

// scope is a part of the file: path and everything under it, or with a
// suffix only the paths under it that end in suffix.
type scope struct{ path, suffix string }

// blockedScopes returns the scopes errs leave untrustworthy: the object
// that misses a required field, the object that holds a bad value or,
// below a role, an unknown field.
func blockedScopes(errs ErrorList) blocked {
	var b blocked
	for _, e := range errs {
		switch {
		case strings.HasPrefix(e.Msg, UnknownField):
			// A misspelt field inside a probe's tcpSocket leaves the
			// field it meant unset: checking that one reports a
			// consequence ("port 0"). A role's or a section's own
			// unknown fields leave the rest of it alone.
			if p := parentPath(e.Path); strings.Contains(p, ".") {
				b = append(b, scope{path: p})
			}
		case e.Msg == "duplicate field":
		case strings.HasPrefix(e.Msg, "missing required"):
			b = append(b, scope{path: e.Path})
		default:
			// A request and its limit are compared: a bad one blocks both.
			p := parentPath(e.Path)
			if strings.HasSuffix(p, ".requests") || strings.HasSuffix(p, ".limits") {
				p = parentPath(p)
			}
			if !isRole(p) {
				b = append(b, scope{path: p})
				continue
			}
			// A role's own field: it and the fields whose checks read it,
			// not the whole role (env: {A: b} for a list hid the role's
			// every other error).
			b = append(b, scope{path: e.Path})
			for _, dep := range roleDependents[e.Path[len(p)+1:]] {
				b = append(b, scope{path: p + "." + dep.path, suffix: dep.suffix})
			}
		}
	}
	return b
}

// isRole reports whether path is a role ("roles[2]") or spec.defaults,
// which every role inherits.
func isRole(path string) bool {
	return path == "defaults" || strings.HasPrefix(path, "roles[") && strings.IndexByte(path, ']') == len(path)-1
}

// roleDependents are, by role field, the role's other fields whose checks
// read it (validate.go's role and the trigger checks): a value of the
// wrong type decodes as zero, and their checks would report that. Scopes
// are relative to the role. (A role's name and node pool are always
// checked: see independent.)
var roleDependents = map[string][]scope{
	"state":          {{path: "workload"}, {path: "storage"}, {path: "stableIdentity"}, {path: "scaling"}}, // they choose the workload kind
	"workload":       {{path: "state"}, {path: "storage"}, {path: "stableIdentity"}, {path: "scaling"}},
	"stableIdentity": {{path: "state"}, {path: "workload"}, {path: "storage"}, {path: "scaling"}},
	"storage":        {{path: "state"}, {path: "workload"}, {path: "stableIdentity"}},
	"replicas":       {{path: "scaling"}},                    // idleReplicas below min
	"scaling":        {{path: "replicas"}},                   // a range needs an autoscaler
	"env":            {{path: "scaling", suffix: "FromEnv"}}, // a trigger's <key>FromEnv names a container variable
}

// covers reports whether path lies in a blocked scope. A scope in
// spec.defaults covers the same field of every role, which inherits it.
func (b blocked) covers(path string) bool {
	inherited := ""
	if strings.HasPrefix(path, "roles[") {
		if i := strings.IndexByte(path, ']'); i > 0 {
			inherited = "defaults" + path[i+1:]
		}
	}
	for _, s := range b {
		if (within(path, s.path) || inherited != "" && within(inherited, s.path)) && strings.HasSuffix(path, s.suffix) {
			return true
		}
	}
	return false
}

// within reports whether path is scope or lies under it.
func within(path, scope string) bool {
	if scope == "" {
		return true
	}
	if !strings.HasPrefix(path, scope) {
		return false
	}
	rest := path[len(scope):]
	return rest == "" || rest[0] == '.' || rest[0] == '['
}

// independent reports whether the check of path holds whatever else is
// wrong with its role: a role's name and node pool stand on their own.
func independent(path string) bool {
	return strings.HasPrefix(path, "roles[") && (strings.HasSuffix(path, "].name") || strings.HasSuffix(path, "].nodePool"))
}

// dropNested keeps one report of an unknown field: the schema's of the
// field, not the decoder's of the fields inside it at the same place.
func dropNested(errs ErrorList) ErrorList {
	unknown := make(map[Pos]string)
	for _, e := range errs {
		if strings.HasPrefix(e.Msg, UnknownField) {
			if p, ok := unknown[e.Pos]; !ok || len(e.Path) < len(p) {
				unknown[e.Pos] = e.Path
			}
		}
	}
	out := errs[:0]
	for _, e := range errs {
		if p, ok := unknown[e.Pos]; ok && strings.HasPrefix(e.Msg, UnknownField) && e.Path != p && within(e.Path, p) {
			continue
		}
		out = append(out, e)
	}
	return out
}

func fillFile(file string, errs ErrorList) {
	for _, e := range errs {
		if e.Pos.File == "" {
			e.Pos.File = file
		}
	}
}

// finish fills in the file of positions that have none and sorts.
func finish(file string, errs ErrorList) ErrorList {
	fillFile(file, errs)
	errs.Sort()
	return errs
}

// sourcedAt reports whether e's path is already the field the user wrote
// at e's position (a block mapping's value starts where its first key
// does: "httpGet" is not renamed to the "paht" inside it, nor the reverse).
func sourcedAt(src positions, e *Error) bool {
	for _, p := range []string{e.Path, "spec." + e.Path} {
		if fp, ok := src.get(p); ok && (fp.Key == e.Pos || fp.Value == e.Pos) {
			return true
		}
	}
	return false
}
