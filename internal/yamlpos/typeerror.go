package yamlpos

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// typeError matches the type errors of encoding/json and of its fork in
// sigs.k8s.io/json, whose error type is internal: "json: cannot unmarshal
// string into Go struct field Deployment.spec.replicas of type int32".
var typeError = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`cannot unmarshal (\S+(?: [^ ]+)?) into Go struct field ([^ ]+) of type (\S+)`)
})

// TypeError explains a JSON decoder's type error in the words of the file:
// field is the path below the decoded type ("spec.replicas", no list
// indices), msg says what was expected ("must be an integer, not a
// string"). ok is false for any other error.
func TypeError(err error) (field, msg string, ok bool) {
	m := typeError().FindStringSubmatch(err.Error())
	if m == nil {
		return "", "", false
	}
	field = m[2]
	if i := strings.IndexByte(field, '.'); i >= 0 {
		field = field[i+1:] // drop the Go type's name
	}
	return field, fmt.Sprintf("must be %s, not %s", goTypeWord(m[3]), jsonWord(m[1])), true
}

// goTypeWord names the Go type a field expects, as a file's reader knows it.
func goTypeWord(t string) string {
	t = strings.TrimPrefix(t, "*")
	switch {
	case strings.HasPrefix(t, "int"), strings.HasPrefix(t, "uint"):
		return "an integer"
	case strings.HasSuffix(t, "Quantity"):
		return "a quantity (a string such as \"500m\" or \"1Gi\", or a number)"
	case strings.HasSuffix(t, "IntOrString"):
		return "an integer or a string"
	case t == "string", strings.HasSuffix(t, "Protocol"), strings.HasSuffix(t, "Policy"),
		strings.HasSuffix(t, "Operator"), strings.HasSuffix(t, "Effect"), strings.HasSuffix(t, "Scheme"),
		strings.HasSuffix(t, "Type"), strings.HasSuffix(t, "Name"), strings.HasSuffix(t, "Phase"):
		return "a string"
	case t == "bool":
		return "true or false"
	case strings.HasPrefix(t, "float"):
		return "a number"
	case strings.HasPrefix(t, "[]"):
		return "a list"
	}
	return "a mapping"
}

// jsonWord names the JSON value a decoder describes ("number -5", "array").
func jsonWord(v string) string {
	switch {
	case strings.HasPrefix(v, "number"):
		return "a number"
	case v == "array":
		return "a list"
	case v == "object":
		return "a mapping"
	case v == "bool":
		return "true or false"
	}
	return "a " + v
}
