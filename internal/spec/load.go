package spec

import (
	"io"
	"sort"
	"strings"

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
	src := make(positions, values*5/4)
	errs = validateSchema(toJSON(root, "", src), src)
	fillFile(file, errs)
	envs := root.Get("spec").Get("environments")
	if envs == nil || envs.Kind != yamlpos.Map || len(errs) > 0 || opts.Env != "" {
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
	pristine := root.Clone() // resolve changes root; each environment starts from a copy
	s, errs := resolve(file, root, "", src, nil)
	if len(errs) > 0 {
		return nil, errs
	}
	for _, env := range names {
		_, envErrs := resolve(file, pristine.Clone(), env, src, nil)
		for _, e := range envErrs {
			if !strings.Contains(e.Msg, `environment "`+env+`"`) {
				e.Msg = "environment " + env + ": " + e.Msg
			}
		}
		errs = append(errs, envErrs...)
	}
	if len(errs) > 0 {
		errs.Sort()
		return nil, errs
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
			return nil, finish(file, append(errs, envErrs...))
		}
	}
	applyRoleDefaults(root)
	pos := make(positions, len(src)*2)
	plain := toJSON(root, "", pos)
	var qErrs ErrorList
	checkQuantities(plain, "", "", pos, &qErrs)
	toSource(qErrs, src)
	errs = append(errs, qErrs...)
	s, decErrs, ok := decode(file, plain, pos)
	if !ok && len(structural) > 0 {
		// The schema has reported these values already, in its own words.
		decErrs = onlyUnknownFields(decErrs)
	}
	fillFile(file, decErrs)
	toSource(decErrs, src)
	errs = append(errs, decErrs...)
	s.Env = env
	setImplicitDefaults(s)
	broken := scopes(errs)
	for _, e := range Validate(s) {
		if independent(e.Path) || !broken[scope(e.Path)] && !(broken["defaults"] && strings.HasPrefix(e.Path, "roles[")) {
			errs = append(errs, e)
		}
	}
	if len(errs) > 0 {
		return nil, finish(file, errs)
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
// defaults, not once for every role that inherited it.
func toSource(errs ErrorList, src positions) {
	if len(errs) == 0 {
		return
	}
	byKey := make(map[Pos]string, len(src))
	for p, fp := range src {
		for _, at := range []Pos{fp.Key, fp.Value} {
			if q, ok := byKey[at]; !ok || len(p) < len(q) {
				byKey[at] = p
			}
		}
	}
	for _, e := range errs {
		if p, ok := byKey[e.Pos]; ok && e.Path != "" {
			e.Path = displayPath(p)
		}
	}
}

// scope is the part of the file a path belongs to: "roles[2]",
// "nodePools[0]", "defaults", "metadata", ...
func scope(path string) string {
	if i := strings.IndexByte(path, ']'); i >= 0 {
		if j := strings.IndexByte(path, '.'); j < 0 || j > i {
			return path[:i+1]
		}
	}
	if i := strings.IndexAny(path, ".["); i >= 0 {
		return path[:i]
	}
	return path
}

// independent reports whether the check of path holds whatever else is
// wrong with its role: a role's name and node pool stand on their own.
func independent(path string) bool {
	return strings.HasPrefix(path, "roles[") && (strings.HasSuffix(path, "].name") || strings.HasSuffix(path, "].nodePool"))
}

func scopes(errs ErrorList) map[string]bool {
	m := make(map[string]bool, len(errs))
	for _, e := range errs {
		m[scope(e.Path)] = true
	}
	return m
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
