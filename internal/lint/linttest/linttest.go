// Package linttest runs table tests of lint rules: each case is a manifest
// or a swarm file, linted in memory, and the exact findings it must give.
package linttest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/agentscale/agentscale/internal/build"
	"github.com/agentscale/agentscale/internal/lint"
	"github.com/agentscale/agentscale/internal/render"
	"github.com/agentscale/agentscale/internal/spec"
)

// Case is one input and the findings it must give.
type Case struct {
	Name string
	// Manifest is Kubernetes YAML (file "manifest.yaml"); Swarm is a swarm
	// file ("swarm.yaml"). Set one. A single leading newline is dropped, so
	// a raw string may start on the line after the backtick.
	Manifest, Swarm string
	// Env is the swarm environment to lint with (lint --env).
	Env string
	// Want lists the findings, each "line:col: severity rule: message", in
	// the order lint prints them. Empty means the input lints clean.
	Want []string
}

// Run lints each case with only rule (and the engine's own rules) enabled
// and compares the findings. Findings of other rules are not reported, so a
// case may be incomplete in other respects.
func Run(t *testing.T, rule *lint.Rule, cases []Case) {
	t.Helper()
	reg := lint.MustRegistry(rule)
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			got := Lint(reg, tc)
			if strings.Join(got, "\n") != strings.Join(tc.Want, "\n") {
				t.Errorf("findings differ\n got:\n\t%s\nwant:\n\t%s",
					strings.Join(got, "\n\t"), strings.Join(tc.Want, "\n\t"))
			}
		})
	}
}

// Lint returns the findings of one case, formatted as in Case.Want.
func Lint(reg *lint.Registry, tc Case) []string {
	src := lint.Source{Name: "manifest.yaml", Data: []byte(strings.TrimPrefix(tc.Manifest, "\n"))}
	if tc.Swarm != "" {
		src = lint.Source{Name: "swarm.yaml", Data: []byte(strings.TrimPrefix(tc.Swarm, "\n"))}
	}
	fs := lint.Run([]lint.Source{src}, lint.Options{Rules: reg, Render: Render, Env: tc.Env})
	out := make([]string, 0, len(fs))
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%d:%d: %s %s: %s", f.Pos.Line, f.Pos.Col, f.Severity, f.Rule, f.Message))
	}
	return out
}

// Render renders a swarm as lint does (build.Objects: render, then the
// environment's kustomize fields).
func Render(s *spec.Swarm) ([]render.Object, error) {
	return build.Objects(s, build.Options{NoDashboard: true})
}
