// Package apirules applies the API server's field rules to values before
// they reach it: the checks pkg/apis/core/validation (and its siblings)
// make on labels, annotations, names, images, environment variables,
// ports, probes, resources, tolerations and autoscaling behaviour, built
// on k8s.io/apimachinery's validation functions as the server calls them,
// and for images on github.com/distribution/reference's grammar (what the
// kubelet parses; see parseImage). validate runs them on swarm fields with
// positions; kustomize output is checked with them too.
//
// Values are the v1 types as written (before the server's defaults): a
// probe's periodSeconds of 0 is the default, not an error.
package apirules

import (
	"fmt"
	"strings"

	"github.com/agentscale/agentscale/internal/suggest"
	"github.com/agentscale/agentscale/internal/yamlpos"
	"k8s.io/apimachinery/pkg/util/validation"
)

// Error is one field the API server would refuse.
type Error struct {
	Path string // the field, joined with yamlpos.JoinKey / JoinIndex
	// Key is set when a map key (a label's, a resource's name) is wrong,
	// not its value.
	Key bool
	Msg string
}

// Errors is a list of Error, in the order the fields were checked.
type Errors []Error

func (e *Errors) add(path string, key bool, format string, args ...any) {
	*e = append(*e, Error{Path: path, Key: key, Msg: fmt.Sprintf(format, args...)})
}

// msgs appends the first message of an apimachinery check: the others
// restate it (an empty name is also not made of the right characters).
func (e *Errors) msgs(path string, key bool, what string, msgs []string) {
	if len(msgs) > 0 {
		// apimachinery lists examples as "'MyName', or 'my.name'".
		e.add(path, key, "%s: %s", what, strings.ReplaceAll(msgs[0], ",  or ", ", or "))
	}
}

// Labels checks label keys (qualified names) and values
// (metav1validation.ValidateLabels).
func Labels(path string, m map[string]string) Errors {
	var errs Errors
	for _, k := range sortedKeys(m) {
		p := yamlpos.JoinKey(path, k)
		errs.msgs(p, true, fmt.Sprintf("label key %q", k), validation.IsQualifiedName(k))
		errs.msgs(p, false, fmt.Sprintf("label value %q", m[k]), validation.IsValidLabelValue(m[k]))
	}
	return errs
}

// TotalAnnotationSizeLimit is the API server's limit on an object's
// annotations, keys and values together (apimachinery's
// TotalAnnotationSizeLimitB).
const TotalAnnotationSizeLimit = 256 << 10

// Annotations checks annotation keys (qualified names, any case) and their
// total size (apivalidation.ValidateAnnotations).
func Annotations(path string, m map[string]string) Errors {
	var errs Errors
	total := 0
	for _, k := range sortedKeys(m) {
		total += len(k) + len(m[k])
		errs.msgs(yamlpos.JoinKey(path, k), true, fmt.Sprintf("annotation key %q", k), validation.IsQualifiedName(strings.ToLower(k)))
	}
	if total > TotalAnnotationSizeLimit {
		errs.add(path, false, "annotations are %d bytes; the API server allows %d in all", total, TotalAnnotationSizeLimit)
	}
	return errs
}

// DNSLabel checks a name that must be a DNS-1123 label (namespaces, most
// names that end up in a hostname).
func DNSLabel(path, what, s string) Errors {
	var errs Errors
	errs.msgs(path, false, fmt.Sprintf("%s %q", what, s), validation.IsDNS1123Label(s))
	return errs
}

// DNSSubdomain checks a name that must be a DNS-1123 subdomain (object
// names, Secret and ConfigMap references, storage classes).
func DNSSubdomain(path, what, s string) Errors {
	var errs Errors
	errs.msgs(path, false, fmt.Sprintf("%s %q", what, s), validation.IsDNS1123Subdomain(s))
	return errs
}

// Image checks a container image: the API server refuses surrounding
// whitespace, and the kubelet refuses what does not parse as a reference
// (InvalidImageName), such as upper case in a repository name.
func Image(path, image string) Errors {
	var errs Errors
	switch {
	case image == "":
		return nil // required-ness is the caller's (defaults may supply it)
	case strings.TrimSpace(image) != image:
		errs.add(path, false, "image %q has leading or trailing whitespace: the API server stores the workload but refuses every one of its Pods", image)
	default:
		if err := parseImage(image); err != nil {
			errs.add(path, false, "image %q is not an image reference (registry/repository:tag or @sha256:digest): %v; the kubelet would refuse it (InvalidImageName)", image, err)
		}
	}
	return errs
}

// Port checks a port number.
func Port(path string, port int32) Errors {
	var errs Errors
	errs.msgs(path, false, fmt.Sprintf("port %d", port), validation.IsValidPortNum(int(port)))
	return errs
}

// PortName checks a port's name (an IANA_SVC_NAME: at most 15 characters,
// lower case, a letter among them).
func PortName(path, name string) Errors {
	var errs Errors
	if name != "" {
		errs.msgs(path, false, fmt.Sprintf("port name %q", name), validation.IsValidPortName(name))
	}
	return errs
}

// Enum checks a value the API server takes from a fixed set ("" allowed
// when empty is, the server's default).
func Enum(path, what, v string, empty bool, values ...string) Errors {
	if v == "" && empty || contains(values, v) {
		return nil
	}
	var errs Errors
	errs.add(path, false, "%s %q is not one of %s%s", what, v, strings.Join(values, ", "), suggest.DidYouMean(v, values))
	return errs
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}
