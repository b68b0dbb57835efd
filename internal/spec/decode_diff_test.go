package spec

import (
	"encoding/json"
	"errors"
	"github.com/agentscale/agentscale/internal/fuzzseed"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	kjson "sigs.k8s.io/json"

	"github.com/agentscale/agentscale/internal/yamlpos"
)

// The reference decoder: the swarm's plain form as JSON text, through
// sigs.k8s.io/json.UnmarshalStrict, which decode used before plain.go.
func referenceDecode(plain any) (s *Swarm, unknown []string, ok bool) {
	s = &Swarm{}
	data, err := json.Marshal(plain)
	if err != nil {
		return s, nil, false
	}
	strict, err := kjson.UnmarshalStrict(data, s)
	for _, e := range strict {
		var fe kjson.FieldError
		if errors.As(e, &fe) {
			unknown = append(unknown, fe.FieldPath())
		}
	}
	return s, unknown, err == nil
}

// plainPath writes a path as kjson's FieldPath does: keys joined by ".",
// indices in brackets, no quoting.
func plainPath(p string) string {
	var b strings.Builder
	for _, part := range yamlpos.SplitPath(p) {
		if part.IsIndex {
			b.WriteString("[" + strconv.Itoa(part.Index) + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(part.Key)
	}
	return b.String()
}

// sameDecode decodes one file's resolved document both ways: the same
// unknown fields, the same verdict, and when both decode, the same Swarm.
func sameDecode(t *testing.T, name string, data []byte) {
	t.Helper()
	root, errs := parseYAML(name, data)
	if len(errs) > 0 || root == nil || len(checkBudget(root, 0)) > 0 {
		return
	}
	applyRoleDefaults(root)
	plain := toJSON(root, "", newPositions("", 0))
	want, wantUnknown, wantOK := referenceDecode(plain)

	got := &Swarm{}
	d := decodePlain(plain, "", got, newPositions("", 0))
	var gotUnknown []string
	for _, p := range d.unknown {
		gotUnknown = append(gotUnknown, plainPath(p))
	}
	gotOK := d.fatal == nil && d.typeErr == nil
	slices.Sort(wantUnknown)
	slices.Sort(gotUnknown)
	if !slices.Equal(wantUnknown, gotUnknown) {
		t.Errorf("%s: unknown fields differ\nUnmarshalStrict: %q\n     plain walk: %q", name, wantUnknown, gotUnknown)
	}
	if gotOK != wantOK {
		t.Errorf("%s: UnmarshalStrict ok=%v, plain walk ok=%v (type error %v, fatal %v)", name, wantOK, gotOK, d.typeErr, d.fatal)
		return
	}
	if wantOK && !reflect.DeepEqual(want, got) {
		a, _ := json.Marshal(want)
		b, _ := json.Marshal(got)
		t.Errorf("%s: decoded swarms differ\nUnmarshalStrict: %s\n     plain walk: %s", name, a, b)
	}
}

// TestDecodeDifferential holds the plain walk to UnmarshalStrict on every
// swarm file of the repository and the error table's inputs.
func TestDecodeDifferential(t *testing.T) {
	for _, f := range swarmFiles(t) {
		data, err := os.ReadFile(f)
		if err != nil || len(data) > 1<<20 {
			continue
		}
		sameDecode(t, f, data)
	}
	for _, tc := range errorCases {
		sameDecode(t, tc.name, []byte(tc.input()))
	}
	for name, in := range map[string]string{
		"wrong types in Kubernetes types": "    - {name: a, image: x:1, env: [{name: 1, value: 2}], probes: {readiness: {httpGet: {port: [1]}, periodSeconds: x}}}",
		"nulls":                           "    - {name: a, image: x:1, env: null, probes: {readiness: null}, resources: {requests: null}, replicas: null}",
		"numbers":                         "    - {name: a, image: x:1, replicas: 2.0, terminationGracePeriodSeconds: 1e3, probes: {readiness: {periodSeconds: 3000000000}}}",
		"inline probe handler":            "    - {name: a, image: x:1, probes: {liveness: {exec: {command: [a, 1, true]}, grpc: {port: 9}}}}",
		"fractions into integers":         "    - {name: a, image: x:1, terminationGracePeriodSeconds: 1.5, probes: {readiness: {periodSeconds: 2.5}}}",
		"node pools":                      "apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\nmetadata: {name: a}\nspec:\n  nodePools: [{name: p, allocatable: {cpu: 1}, minNodes: 1.5, maxNodes: 3000000000, nodeSelector: {a: 1}, tolerations: [{key: k, tolerationSeconds: 5.5}]}]\n  roles: [{name: a, image: x:1}]\n",
		"strings into numbers and back":   "    - {name: a, image: x:1, terminationGracePeriodSeconds: \"5\", labels: {a: 1}, env: [{name: A, value: 5}]}",
	} {
		sameDecode(t, name, []byte(errorCase{in: in}.input()))
	}
}

// FuzzDecodeDifferential mutates swarm files: whatever document comes out,
// the plain walk and UnmarshalStrict agree on it.
func FuzzDecodeDifferential(f *testing.F) {
	for _, name := range []string{"../../examples/market-research.yaml", "../../examples/cron-window.yaml", "../../examples/headroom-node-pools.yaml"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(errorCase{in: "    - {name: a, image: x:1, env: [{name: A, valueFrom: {fieldRef: {fieldPath: 1}}}], replicas: {min: x}}"}.input()))
	fuzzseed.Typos(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64<<10 {
			return
		}
		sameDecode(t, "fuzz.yaml", data)
	})
}
