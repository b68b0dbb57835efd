package spec

import (
	"fmt"
	"slices"
	"strings"

	"github.com/agentscale/agentscale/internal/input"
	"github.com/agentscale/agentscale/internal/suggest"
	"github.com/agentscale/agentscale/internal/yamlpos"
)

// limits bound one swarm file as written: a 1,000-role swarm holds about
// 25,000 values. What defaults and environments make of it is bounded
// separately (see budget.go).
var limits = yamlpos.Limits{MaxValues: 100_000, MaxAliasBytes: yamlpos.Default.MaxAliasBytes, MaxDepth: yamlpos.Default.MaxDepth}

// parseYAML checks that data is text holding one YAML mapping and converts it.
func parseYAML(file string, data []byte) (*node, ErrorList) {
	if int64(len(data)) > input.Swarm.Limit {
		return nil, ErrorList{{Pos: Pos{File: file}, Msg: input.TooLarge(int64(len(data)), input.Swarm)}}
	}
	docs, errs := yamlpos.Parse(yamlpos.Origin{File: file}, data, limits)
	if len(errs) > 0 {
		return nil, errs
	}
	if len(docs) > 0 {
		if e := kubernetesManifest(docs[0]); e != nil {
			return nil, ErrorList{e}
		}
	}
	switch len(docs) {
	case 0:
		return nil, ErrorList{{Pos: Pos{File: file, Line: 1, Col: 1}, Msg: "file is empty: a swarm needs apiVersion, kind, metadata and spec (try `agentscale init`)"}}
	case 1:
	default:
		return nil, ErrorList{{Pos: docs[1].Pos, Msg: "a swarm file holds one Swarm document; split the others into their own files"}}
	}
	root := docs[0]
	if root.Kind != yamlpos.Map {
		return nil, ErrorList{{Pos: root.Pos, Msg: "a swarm file must be a YAML mapping with apiVersion, kind, metadata and spec"}}
	}
	if errs := refuseBinary(root, nil); len(errs) > 0 {
		return nil, errs
	}
	return root, nil
}

// kubernetesManifest is the one error for a Kubernetes object handed to a
// command that reads swarm files, instead of a schema error for each of its
// fields. A typo in a swarm's own apiVersion or kind is left to the schema.
func kubernetesManifest(n *node) *Error {
	av, kind := n.Get("apiVersion").String(), n.Get("kind").String()
	kinds := []string{Kind, KindCluster}
	if av == "" || kind == "" || strings.Contains(av, "agentscale") || slices.Contains(kinds, kind) || suggest.Closest(kind, kinds) != "" {
		return nil
	}
	return &Error{Pos: n.Get("kind").Pos, Path: "kind", Msg: fmt.Sprintf("this is a Kubernetes manifest (%s %s), not a swarm file (lint and simulate read manifests)", av, kind)}
}

// refuseBinary reports !!binary scalars: no swarm field takes bytes.
func refuseBinary(n *node, errs ErrorList) ErrorList {
	switch {
	case n == nil:
	case n.Kind == yamlpos.Scalar && n.Tag == "!!binary":
		errs = append(errs, &Error{Pos: n.Pos, Msg: "binary values are not supported"})
	default:
		for _, v := range n.Vals {
			errs = refuseBinary(v, errs)
		}
		for _, v := range n.Items {
			errs = refuseBinary(v, errs)
		}
	}
	return errs
}
