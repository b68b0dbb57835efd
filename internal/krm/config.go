package krm

import (
	"strings"

	"github.com/agentscale/agentscale/internal/spec"
	kyaml "sigs.k8s.io/kustomize/kyaml/yaml"
)

// defaultFile names the functionConfig in positions. Lines and columns
// count within the functionConfig as the orchestrator serialised it, which
// need not match the file it was read from (blank lines and styles differ),
// so positions never borrow that file's name.
const defaultFile = "functionConfig"

// toolPrefixes are annotation prefixes kustomize and kpt add to a
// functionConfig. They describe how the function runs, not the swarm, so
// they are dropped from the parsed Swarm; otherwise they would be copied onto
// every rendered object.
var toolPrefixes = []string{
	"config.kubernetes.io/",
	"internal.config.kubernetes.io/",
	"config.k8s.io/",
	"kustomize.config.k8s.io/",
}

// pathAnnotations tell where a resource was read from, newest first.
var pathAnnotations = []string{"internal.config.kubernetes.io/path", "config.kubernetes.io/path"}

// sourceFile is the file the orchestrator read the functionConfig from,
// if it says; results name it.
func sourceFile(fc *kyaml.RNode) string {
	ann := fc.GetAnnotations(pathAnnotations...)
	for _, key := range pathAnnotations {
		if p := ann[key]; p != "" {
			return p
		}
	}
	return ""
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// parse loads the functionConfig as a swarm, with the environment env.
// Positions count lines within the functionConfig as the orchestrator
// sent it; the tool annotations are dropped only after parsing, so that
// they do not shift those lines.
func parse(fc *kyaml.RNode, env string) (*spec.Swarm, error) {
	text, err := fc.String()
	if err != nil {
		return nil, &spec.Error{Pos: spec.Pos{File: defaultFile}, Msg: err.Error()}
	}
	s, errs := spec.Parse(defaultFile, []byte(text), spec.Options{Env: env})
	if len(errs) > 0 {
		return nil, errs
	}
	for k := range s.Metadata.Annotations {
		if hasAnyPrefix(k, toolPrefixes) {
			delete(s.Metadata.Annotations, k)
		}
	}
	if len(s.Metadata.Annotations) == 0 {
		s.Metadata.Annotations = nil
	}
	return s, nil
}
