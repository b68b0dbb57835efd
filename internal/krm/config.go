package krm

import (
	"strings"

	"github.com/agentscale/agentscale/internal/spec"
	kyaml "sigs.k8s.io/kustomize/kyaml/yaml"
)

// defaultFile names the functionConfig in positions when the orchestrator
// did not say which file it came from.
const defaultFile = "functionConfig"

// toolPrefixes are annotation prefixes kustomize and kpt add to a
// functionConfig. They describe how the function runs, not the swarm, so
// they are dropped before parsing; otherwise they would be copied onto
// every rendered object.
var toolPrefixes = []string{
	"config.kubernetes.io/",
	"internal.config.kubernetes.io/",
	"config.k8s.io/",
	"kustomize.config.k8s.io/",
}

// pathAnnotations tell where a resource was read from, newest first.
var pathAnnotations = []string{"internal.config.kubernetes.io/path", "config.kubernetes.io/path"}

// swarmSource returns the functionConfig as swarm.yaml text, without the
// tool annotations, and the file name to use in positions.
func swarmSource(fc *kyaml.RNode) (file string, data []byte, err error) {
	fc = fc.Copy()
	file = defaultFile
	ann := fc.GetAnnotations()
	for _, key := range pathAnnotations {
		if p := ann[key]; p != "" {
			file = p
			break
		}
	}
	stripped := false
	for k := range ann {
		if hasAnyPrefix(k, toolPrefixes) {
			if _, err := fc.Pipe(kyaml.ClearAnnotation(k)); err != nil {
				return "", nil, err
			}
			stripped = true
		}
	}
	if stripped {
		if err := kyaml.ClearEmptyAnnotations(fc); err != nil {
			return "", nil, err
		}
	}
	text, err := fc.String()
	if err != nil {
		return "", nil, err
	}
	return file, []byte(text), nil
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// parse loads the functionConfig as a swarm, with opts' environment.
func parse(fc *kyaml.RNode, env string) (*spec.Swarm, error) {
	file, data, err := swarmSource(fc)
	if err != nil {
		return nil, &spec.Error{Pos: spec.Pos{File: defaultFile}, Msg: err.Error()}
	}
	s, errs := spec.Parse(file, data, spec.Options{Env: env})
	if len(errs) > 0 {
		return nil, errs
	}
	return s, nil
}
