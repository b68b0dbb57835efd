package spec

import (
	_ "embed"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/agentscale/agentscale/internal/minischema"
	"github.com/agentscale/agentscale/internal/suggest"
)

// SchemaJSON is the JSON Schema (draft 2020-12) of the swarm.yaml format.
//
//go:embed schema.json
var SchemaJSON []byte

// SchemaID is the schema's $id.
const SchemaID = "https://agentscale.dev/schemas/v1alpha1/swarm.json"

// swarmSchema (schema_gen.go) is schema.json compiled by
// internal/minischema and written out as static data (hack/schemagen):
// santhosh-tekuri/jsonschema/v6, the reference in tests, costs more at
// start-up than a whole validate, and even compiling the JSON costs 2 ms.
//
//go:generate go run ../../hack/schemagen -in schema.json -o schema_gen.go

func compiledSchema() (*minischema.Schema, error) { return swarmSchema, nil }

// validateSchema checks doc (the plain JSON form of a document) against the
// schema and maps every failure back to a file position.
func validateSchema(doc any, pos positions) ErrorList {
	sch, err := compiledSchema()
	if err != nil {
		// The schema is embedded and tested; failing here is a build defect.
		panic(fmt.Sprintf("agentscale: embedded schema does not compile: %v", err))
	}
	var errs ErrorList
	for _, e := range sch.Validate(doc) {
		path := pathOf(e.Path)
		switch e.Kind {
		case minischema.AdditionalProperties:
			for _, p := range e.Props {
				fp := joinKey(path, p)
				errs = append(errs, &Error{Pos: pos.key(fp), Path: displayPath(fp), Msg: UnknownField + suggest.DidYouMean(p, e.Known)})
			}
		case minischema.PropertyNames:
			errs = append(errs, &Error{Pos: pos.key(path), Path: displayPath(path), Msg: message(*e.Cause)})
		case minischema.False:
			errs = append(errs, &Error{Pos: pos.key(path), Path: displayPath(path), Msg: UnknownField})
		default:
			errs = append(errs, &Error{Pos: pos.value(path), Path: displayPath(path), Msg: message(e) + listHint(e, path)})
		}
	}
	return errs
}

// listHint says how to write a list where a mapping was given: a block
// of keys under roles: is a role without its "- "; env: {A: b} is
// Compose's form, not Kubernetes'.
func listHint(e minischema.Error, path string) string {
	if e.Kind != minischema.Type || fmt.Sprint(e.Got) != "object" || !slices.Equal(e.Types, []string{"array"}) {
		return ""
	}
	if strings.HasSuffix(path, ".env") {
		return ": one item per variable, e.g. env: [{name: LOG_LEVEL, value: debug}]"
	}
	return ": start each item with \"- \""
}

// UnknownField starts the message of a field no schema or type has.
const UnknownField = "unknown field"

// pathOf turns a JSON pointer's tokens into "spec.roles[1].replicas".
func pathOf(tokens []string) string {
	var b strings.Builder
	for _, t := range tokens {
		if isIndex(t) {
			b.WriteString("[" + t + "]")
			continue
		}
		s := joinKey(b.String(), t)
		b.Reset()
		b.WriteString(s)
	}
	return b.String()
}

func isIndex(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// message words a leaf failure the way a person fixing the file needs it.
func message(e minischema.Error) string {
	switch e.Kind {
	case minischema.Type:
		return fmt.Sprintf("must be %s, not %s", orList(e.Types), article(fmt.Sprint(e.Got)))
	case minischema.Enum:
		want := make([]string, len(e.Values))
		for i, w := range e.Values {
			want[i] = fmt.Sprint(w)
		}
		msg := fmt.Sprintf("must be one of %s (got %v)", strings.Join(want, ", "), e.Got)
		if got, ok := e.Got.(string); ok {
			msg += suggest.DidYouMean(got, want)
		}
		return msg
	case minischema.Const:
		if e.Value == false {
			return "must be an object, or false to omit it"
		}
		return fmt.Sprintf("must be %v", e.Value)
	case minischema.Required:
		if len(e.Props) == 1 {
			return fmt.Sprintf("missing required field %q", e.Props[0])
		}
		return fmt.Sprintf("missing required fields %s", quoteAll(e.Props))
	case minischema.False:
		return UnknownField
	case minischema.Minimum:
		return "must be >= " + num(e.Limit)
	case minischema.Maximum:
		return "must be <= " + num(e.Limit)
	case minischema.ExclusiveMinimum:
		return "must be > " + num(e.Limit)
	case minischema.MinLength:
		if e.Limit == 1 {
			return "must not be empty"
		}
		return fmt.Sprintf("must be at least %s characters", num(e.Limit))
	case minischema.MaxLength:
		return fmt.Sprintf("must be at most %s characters", num(e.Limit))
	case minischema.MinItems:
		return fmt.Sprintf("must have at least %s item(s)", num(e.Limit))
	case minischema.MaxProperties:
		return "set only one of maxUnavailable or minAvailable"
	case minischema.Not:
		return "a role override cannot rename the role"
	case minischema.Pattern:
		return patternMessage(fmt.Sprint(e.Got), e.Pattern)
	}
	return string(e.Kind)
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func patternMessage(got, want string) string {
	switch {
	case strings.HasPrefix(want, "^[a-z0-9]([-a-z0-9]*"):
		return fmt.Sprintf("%q is not a valid name: use lower-case letters, digits and '-', starting and ending with a letter or digit", got)
	case strings.HasPrefix(want, "^[+]?"):
		return fmt.Sprintf("%q is not a Kubernetes quantity (e.g. 250m, 1.5, 512Mi, 2Gi)", got)
	case want == "^[0-9]+%$":
		return fmt.Sprintf("%q must be a count or a percentage such as \"25%%\"", got)
	case want == "^/":
		return fmt.Sprintf("%q must be an absolute path", got)
	case strings.HasPrefix(want, "^([0-9]+(ms"):
		return fmt.Sprintf("%q is not a duration such as 30s or 1m", got)
	}
	return fmt.Sprintf("%q does not match %s", got, want)
}

func orList(types []string) string {
	words := make([]string, len(types))
	for i, t := range types {
		words[i] = article(t)
	}
	if len(words) == 1 {
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

// article names a JSON type the way a sentence needs it.
func article(t string) string {
	switch t {
	case "object":
		return "a mapping"
	case "array":
		return "a list"
	case "null":
		return "empty"
	case "integer":
		return "an integer"
	default:
		return "a " + t
	}
}

func quoteAll(s []string) string {
	q := make([]string, len(s))
	for i, v := range s {
		q[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(q, ", ")
}
