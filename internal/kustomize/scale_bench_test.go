package kustomize

import (
	"fmt"
	"strings"
	"testing"

	"github.com/agentscale/agentscale/internal/render"
	"github.com/agentscale/agentscale/internal/spec"
)

// patchSwarm is a swarm of roles roles with an environment holding the
// given patches (YAML list items, already indented for "        patches:").
func patchSwarm(t testing.TB, roles int, extra string, patches func(b *strings.Builder)) *spec.Swarm {
	t.Helper()
	s, errs := parsePatchSwarm(roles, extra, patches)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return s
}

// parsePatchSwarm is a swarm of roles with an environment "prod" holding
// patches (and extra kustomize fields), parsed.
func parsePatchSwarm(roles int, extra string, patches func(b *strings.Builder)) (*spec.Swarm, spec.ErrorList) {
	var b strings.Builder
	b.WriteString(`apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s, namespace: agents}
spec:
  defaults:
    image: ghcr.io/acme/agents:1.0.0
    resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 256Mi}}
  networkPolicy: true
  roles:
`)
	for i := range roles {
		switch i % 3 {
		case 0:
			fmt.Fprintf(&b, "    - {name: hpa-%d, replicas: {min: 1, max: 5}, ports: [{name: http, port: 8080}], scaling: {hpa: {cpu: 70}}}\n", i)
		case 1:
			fmt.Fprintf(&b, "    - {name: keda-%d, replicas: {min: 1, max: 5}, scaling: {keda: {triggers: [{type: kafka, metadata: {bootstrapServers: \"k:9092\", topic: t, consumerGroup: g, lagThreshold: \"5\"}, auth: {secret: s, params: {sasl: sasl}}}]}}}\n", i)
		default:
			fmt.Fprintf(&b, "    - {name: plain-%d, replicas: 2}\n", i)
		}
	}
	b.WriteString("  environments:\n    prod:\n      kustomize:\n")
	b.WriteString(extra)
	b.WriteString("        patches:\n")
	patches(&b)
	return spec.Parse("s.yaml", []byte(b.String()), spec.Options{Env: "prod"})
}

func deployName(roles, i int) string {
	r := i % roles
	switch r % 3 {
	case 0:
		return fmt.Sprintf("s-hpa-%d", r)
	case 1:
		return fmt.Sprintf("s-keda-%d", r)
	}
	return fmt.Sprintf("s-plain-%d", r)
}

func smpPatches(roles, n int) func(b *strings.Builder) {
	return func(b *strings.Builder) {
		for i := range n {
			fmt.Fprintf(b, "          - patch: |\n              apiVersion: apps/v1\n              kind: Deployment\n              metadata: {name: %s, annotations: {a%d: v}}\n", deployName(roles, i), i)
		}
	}
}

func jsonPatches(roles, n int) func(b *strings.Builder) {
	return func(b *strings.Builder) {
		for i := range n {
			fmt.Fprintf(b, "          - target: {kind: Deployment, name: %s}\n            patch: '[{\"op\": \"add\", \"path\": \"/metadata/annotations/a%d\", \"value\": \"v\"}]'\n", deployName(roles, i), i)
		}
	}
}

func smpFixPatches(roles, n int) func(b *strings.Builder) {
	return func(b *strings.Builder) {
		for i := range n {
			fmt.Fprintf(b, "          - patch: |\n              apiVersion: apps/v1\n              kind: Deployment\n              metadata: {name: %s}\n              spec: {minReadySeconds: %d}\n", deployName(roles, i), i)
		}
	}
}

func jsonFixPatches(roles, n int) func(b *strings.Builder) {
	return func(b *strings.Builder) {
		for i := range n {
			fmt.Fprintf(b, "          - target: {kind: Deployment, name: %s}\n            patch: '[{\"op\": \"add\", \"path\": \"/spec/minReadySeconds\", \"value\": %d}]'\n", deployName(roles, i), i)
		}
	}
}

func bigJSONFixPatch(roles, ops int) func(b *strings.Builder) {
	return func(b *strings.Builder) {
		fmt.Fprintf(b, "          - target: {kind: Deployment, name: %s}\n            patch: |\n", deployName(roles, 0))
		for i := range ops {
			fmt.Fprintf(b, "              - {op: add, path: /spec/minReadySeconds, value: %d}\n", i)
		}
	}
}

func bigJSONPatch(roles, ops int) func(b *strings.Builder) {
	return func(b *strings.Builder) {
		fmt.Fprintf(b, "          - target: {kind: Deployment, name: %s}\n            patch: |\n", deployName(roles, 0))
		for i := range ops {
			fmt.Fprintf(b, "              - {op: add, path: /metadata/annotations/a%d, value: v}\n", i)
		}
	}
}

const extraFields = "        namePrefix: p-\n        commonLabels: {tier: gold}\n        images: [{name: ghcr.io/acme/agents, newTag: 1.0.1}]\n"

// BenchmarkApplyPatches measures an environment's patches on a 12-role
// swarm (64 objects): n strategic-merge or JSON 6902 patches spread over
// the Deployments, each adding a field ("smp", "json") or setting the same
// one ("smpfix", "jsonfix"), and one patch of 5,000 operations.
// `make bench` runs it; the README quotes smp/1000.
func BenchmarkApplyPatches(b *testing.B) {
	const roles = 12
	cases := []struct {
		name    string
		patches func(b *strings.Builder)
	}{
		{"smp/1000", smpPatches(roles, 1000)},
		{"json/1000", jsonPatches(roles, 1000)},
		{"smpfix/1000", smpFixPatches(roles, 1000)},
		{"jsonfix/1000", jsonFixPatches(roles, 1000)},
		{"smp/3000", smpPatches(roles, 3000)},
		{"json/3000", jsonPatches(roles, 3000)},
		{"bigjsonfix/5000", bigJSONFixPatch(roles, 5000)},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			s := patchSwarm(b, roles, extraFields, c.patches)
			objs, err := render.Render(s, render.Options{})
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := Apply(s, objs, ""); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
