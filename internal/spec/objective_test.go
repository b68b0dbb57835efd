package spec

import (
	"testing"
	"time"
)

// WaitObjective takes the strictest p95Wait that applies to a role (its
// own over "*", only in scenarios that report it), else the strictest
// maxWait.
func TestWaitObjective(t *testing.T) {
	doc := `apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: demo}
spec:
  roles:
    - {name: a, image: x:1}
    - {name: b, image: x:1}
    - {name: c, image: x:1}
    - {name: d, image: x:1, simulation: {tasksPerSecond: 2.5}}
  scenarios:
    - name: one
      load: steady:5
      expect:
        a: {p95Wait: 2m}
        "*": {p95Wait: 30s, maxWait: 5m}
    - name: two
      load: steady:5
      roles: [a, b]
      expect:
        a: {p95Wait: 90s}
        b: {maxWait: 1m}
    - name: three
      load: steady:5
      roles: [d]
      expect:
        "*": {maxWait: 10s}
`
	s, errs := Parse("swarm.yaml", []byte(doc), Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	for _, tc := range []struct {
		role string
		want time.Duration
		ok   bool
	}{
		{"a", 90 * time.Second, true}, // its own 2m and 90s; "*" does not override its own
		{"b", 30 * time.Second, true}, // "*" in one; two's maxWait is looser than any p95Wait
		{"c", 30 * time.Second, true}, // "*" of one only (not reported by two)
		{"d", 30 * time.Second, true}, // one's p95Wait wins over three's maxWait
		{"e", 30 * time.Second, true}, // "*" applies to any role of a scenario without roles
	} {
		got, ok := s.WaitObjective(tc.role)
		if got != tc.want || ok != tc.ok {
			t.Errorf("WaitObjective(%s) = %v, %v; want %v, %v", tc.role, got, ok, tc.want, tc.ok)
		}
	}
	s.Spec.Scenarios = s.Spec.Scenarios[1:]
	if got, ok := s.WaitObjective("b"); got != time.Minute || !ok {
		t.Errorf("without p95Wait, WaitObjective(b) = %v, %v; want its maxWait 1m", got, ok)
	}
	s.Spec.Scenarios = nil
	if _, ok := s.WaitObjective("a"); ok {
		t.Error("an objective without scenarios")
	}
	if tps := s.Spec.Roles[3].TasksPerSecond(); tps != 2.5 {
		t.Errorf("TasksPerSecond = %v", tps)
	}
	if tps := s.Spec.Roles[0].TasksPerSecond(); tps != DefaultTasksPerSecond {
		t.Errorf("default TasksPerSecond = %v", tps)
	}
}

// A role's own waitObjective wins over its scenarios, and works without any.
func TestWaitObjectiveOfRole(t *testing.T) {
	doc := `apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: demo}
spec:
  roles:
    - {name: a, image: x:1, waitObjective: 45s}
    - {name: b, image: x:1, waitObjective: 2m}
  scenarios:
    - name: one
      load: steady:5
      expect:
        b: {p95Wait: 30s}
`
	s, errs := Parse("swarm.yaml", []byte(doc), Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	for role, want := range map[string]time.Duration{"a": 45 * time.Second, "b": 2 * time.Minute} {
		if got, ok := s.WaitObjective(role); !ok || got != want {
			t.Errorf("%s: %v %v, want %v", role, got, ok, want)
		}
	}
	if _, errs := Parse("swarm.yaml", []byte(`apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: demo}
spec: {roles: [{name: a, image: "x:1", waitObjective: soon}]}
`), Options{}); len(errs) != 1 || errs[0].Path != "roles[0].waitObjective" {
		t.Errorf("a bad duration: %v", errs)
	}
}
