package spec

import (
	"bytes"
	_ "embed"
	"fmt"
	"math/big"
	"sort"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
)

// SchemaJSON is the JSON Schema (draft 2020-12) of the swarm.yaml format.
//
//go:embed schema.json
var SchemaJSON []byte

// SchemaID is the schema's $id.
const SchemaID = "https://agentscale.dev/schemas/v1alpha1/swarm.json"

// compiled schema, built on first use so that commands which never validate
// (version, completion) pay nothing for it.
var (
	schemaOnce sync.Once
	schema     *jsonschema.Schema
	schemaErr  error
)

// warmSchema starts compiling the schema in the background; Load calls it
// so the compile overlaps reading and parsing the file.
func warmSchema() { go compiledSchema() }

func compiledSchema() (*jsonschema.Schema, error) {
	schemaOnce.Do(func() { schema, schemaErr = compileSchema() })
	return schema, schemaErr
}

func compileSchema() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(SchemaJSON))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	if err = c.AddResource(SchemaID, doc); err != nil {
		return nil, err
	}
	return c.Compile(SchemaID)
}

// validateSchema checks doc (the plain JSON form of a document) against the
// schema and maps every failure back to a file position.
func validateSchema(doc any, pos positions) ErrorList {
	sch, err := compiledSchema()
	if err != nil {
		// The schema is embedded and tested; failing here is a build defect.
		panic(fmt.Sprintf("agentscale: embedded schema does not compile: %v", err))
	}
	err = sch.Validate(doc)
	if err == nil {
		return nil
	}
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return ErrorList{{Msg: err.Error()}}
	}
	var errs ErrorList
	collectSchemaErrors(ve, pos, &errs)
	return errs
}

// collectSchemaErrors walks to the leaves of the error tree, which are the
// failures a person can act on; group kinds (allOf, $ref, ...) only nest.
func collectSchemaErrors(ve *jsonschema.ValidationError, pos positions, errs *ErrorList) {
	switch k := ve.ErrorKind.(type) {
	case *kind.AnyOf, *kind.OneOf:
		*errs = append(*errs, schemaError(ve, pos, anyOfMessage(ve)))
		return
	case *kind.PropertyNames:
		// The causes validate the key as a document of its own (at ""), and
		// the error's InstanceLocation is not reliable: find the key in
		// the file under the mapping the schema names.
		path := propertyPath(ve.SchemaURL, k.Property, pos)
		leaf := ve
		for len(leaf.Causes) > 0 {
			leaf = leaf.Causes[0]
		}
		*errs = append(*errs, &Error{Pos: pos.key(path), Path: displayPath(path), Msg: message(leaf)})
		return
	case *kind.AdditionalProperties:
		base := pathOf(ve.InstanceLocation)
		props := append([]string(nil), k.Properties...)
		sort.Strings(props)
		for _, p := range props {
			path := joinKey(base, p)
			*errs = append(*errs, &Error{Pos: pos.key(path), Path: displayPath(path), Msg: "unknown field"})
		}
		return
	}
	if len(ve.Causes) > 0 {
		for _, c := range ve.Causes {
			collectSchemaErrors(c, pos, errs)
		}
		return
	}
	*errs = append(*errs, schemaError(ve, pos, message(ve)))
}

func schemaError(ve *jsonschema.ValidationError, pos positions, msg string) *Error {
	path := pathOf(ve.InstanceLocation)
	p := pos.value(path)
	if _, unknown := ve.ErrorKind.(*kind.FalseSchema); unknown {
		p = pos.key(path)
	}
	return &Error{Pos: p, Path: displayPath(path), Msg: msg}
}

// propertyPath finds the key prop of the mapping whose propertyNames
// schema is at schemaURL (".../environments/propertyNames"): the first
// such key in the file.
func propertyPath(schemaURL, prop string, pos positions) string {
	parent := strings.TrimSuffix(schemaURL, "/propertyNames")
	parent = parent[strings.LastIndexByte(parent, '/')+1:]
	best, bestPos := "", Pos{}
	for p, fp := range pos {
		if strings.HasSuffix(p, joinKey("."+parent, prop)) && (best == "" || fp.Key.Before(bestPos)) {
			best, bestPos = p, fp.Key
		}
	}
	return best
}

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
func message(ve *jsonschema.ValidationError) string {
	switch k := ve.ErrorKind.(type) {
	case *kind.Type:
		return fmt.Sprintf("must be %s, not %s", orList(k.Want), article(k.Got))
	case *kind.Enum:
		want := make([]string, len(k.Want))
		for i, w := range k.Want {
			want[i] = fmt.Sprint(w)
		}
		return fmt.Sprintf("must be one of %s (got %v)", strings.Join(want, ", "), k.Got)
	case *kind.Const:
		if k.Want == false {
			return "must be an object, or false to omit it"
		}
		return fmt.Sprintf("must be %v", k.Want)
	case *kind.Required:
		if len(k.Missing) == 1 {
			return fmt.Sprintf("missing required field %q", k.Missing[0])
		}
		return fmt.Sprintf("missing required fields %s", quoteAll(k.Missing))
	case *kind.FalseSchema:
		return "unknown field"
	case *kind.Minimum:
		return "must be >= " + ratString(k.Want)
	case *kind.Maximum:
		return "must be <= " + ratString(k.Want)
	case *kind.ExclusiveMinimum:
		return "must be > " + ratString(k.Want)
	case *kind.MinLength:
		if k.Want == 1 {
			return "must not be empty"
		}
		return fmt.Sprintf("must be at least %d characters", k.Want)
	case *kind.MaxLength:
		return fmt.Sprintf("must be at most %d characters", k.Want)
	case *kind.MinItems:
		return fmt.Sprintf("must have at least %d item(s)", k.Want)
	case *kind.MaxProperties:
		return "set only one of maxUnavailable or minAvailable"
	case *kind.Not:
		return "a role override cannot rename the role"
	case *kind.Pattern:
		return patternMessage(k.Got, k.Want)
	}
	return ve.ErrorKind.LocalizedString(nil)
}

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

func anyOfMessage(ve *jsonschema.ValidationError) string {
	if strings.Contains(ve.SchemaURL, "trigger") {
		return "azure-servicebus needs metadata.queueName, or metadata.topicName and metadata.subscriptionName"
	}
	return "matches none of the allowed forms"
}

func ratString(r *big.Rat) string {
	if r.IsInt() {
		return r.Num().String()
	}
	f, _ := r.Float64()
	return fmt.Sprint(f)
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
