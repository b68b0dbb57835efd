package override

import (
	"flag"
	"strings"
	"testing"

	"github.com/agentscale/agentscale/internal/spec"
)

// -update is accepted so `make golden` can run every package; none here.
var _ = flag.Bool("update", false, "rewrite golden files (none in this package)")

func swarm(t *testing.T) *spec.Swarm {
	t.Helper()
	s, err := spec.Load("../../../examples/market-research.yaml", nil, spec.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func mustApply(t *testing.T, s *spec.Swarm, args ...string) *spec.Swarm {
	t.Helper()
	var sets []Set
	for _, a := range args {
		set, err := Parse(a)
		if err != nil {
			t.Fatal(err)
		}
		sets = append(sets, set)
	}
	out, err := Apply(s, sets)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestApply(t *testing.T) {
	s := swarm(t)
	out := mustApply(t, s,
		"responder.scaling.keda.triggers[0].metadata.lagThreshold=200",
		"responder.replicas.max=30",
		"scout.simulation.tasksPerSecond=3.5",
		"scout.scaling.hpa.behavior={scaleUp: {stabilizationWindowSeconds: 60}}",
		"nodePools.general.provisionSeconds=45",
		"headroom.replicas=0",
	)
	resp, _ := out.Spec.Role("responder")
	if got := resp.Scaling.KEDA.Triggers[0].Metadata["lagThreshold"]; got != "200" {
		t.Errorf("lagThreshold = %q", got)
	}
	if resp.Replicas.Max != 30 || resp.Replicas.Min != 1 {
		t.Errorf("replicas = %+v", resp.Replicas)
	}
	scout, _ := out.Spec.Role("scout")
	if *scout.Simulation.TasksPerSecond != 3.5 || *scout.Scaling.HPA.Behavior.ScaleUp.StabilizationWindowSeconds != 60 {
		t.Errorf("scout = %+v", scout)
	}
	if *out.Spec.NodePool("general").ProvisionSeconds != 45 || out.Spec.Headroom.Replicas != 0 {
		t.Error("pool or headroom not set")
	}
	// The original is untouched: a sweep reuses it.
	orig, _ := s.Spec.Role("responder")
	if orig.Scaling.KEDA.Triggers[0].Metadata["lagThreshold"] != "1000" || orig.Replicas.Max != 50 || s.Spec.Headroom.Replicas != 2 {
		t.Error("Apply changed its input")
	}
}

func TestCluster(t *testing.T) {
	s := swarm(t)
	set, err := ParseController("hpa.syncPeriod=30s")
	if err != nil {
		t.Fatal(err)
	}
	out, err := Apply(s, []Set{set, mustParse(t, "cluster.clusterAutoscaler.scaleDownUtilizationThreshold=0.7")})
	if err != nil {
		t.Fatal(err)
	}
	c := out.Spec.Cluster
	if c == nil || c.HPA.SyncPeriod.Duration.Seconds() != 30 || *c.ClusterAutoscaler.ScaleDownUtilizationThreshold != 0.7 {
		t.Errorf("cluster = %+v", c)
	}
	if s.Spec.Cluster != nil {
		t.Error("Apply changed its input")
	}
	for _, tt := range []struct{ arg, want string }{
		{"hpa.syncPerod=30s", `unknown setting "hpa.syncPerod" (did you mean "hpa.syncPeriod"?)`},
		{"syncPeriod", "want KEY=VALUE"},
		{"hpa.syncPeriod=30x", `--controller hpa.syncPeriod=30x: time: unknown unit "x"`},
		{"hpa.syncPeriod=500ms", "--controller hpa.syncPeriod=500ms: the result is invalid: cluster.hpa.syncPeriod: 500ms is shorter than a second"},
	} {
		set, err := ParseController(tt.arg)
		if err == nil {
			_, err = Apply(s, []Set{set})
		}
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.arg, err, tt.want)
		}
	}
}

func mustParse(t *testing.T, arg string) Set {
	t.Helper()
	set, err := Parse(arg)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

func TestRemoveWithNull(t *testing.T) {
	out := mustApply(t, swarm(t), "responder.scaling.keda.cooldownPeriod=null")
	r, _ := out.Spec.Role("responder")
	if r.Scaling.KEDA.CooldownPeriod != nil {
		t.Error("null must remove the field")
	}
}

func TestErrors(t *testing.T) {
	tests := []struct{ arg, want string }{
		{"responder", "want KEY=VALUE"},
		{"=3", "want KEY=VALUE"},
		{"responder=3", "name a field"},
		{"nobody.replicas.max=3", `no role "nobody"`},
		{"responder.scaling.keda.triggers[3].metadata.x=1", "scaling.keda.triggers has 1 items; [3] is out of range"},
		{"responder.scaling.keda.nonsense=1", "unknown field"},
		// Fields with two forms decode themselves: a misspelt key inside
		// them must not change nothing.
		{"responder.replicas.mn=1", `replicas take min and max, not "mn" (did you mean "min"?)`},
		{"responder.disruption.maxUnavailabel=1", `disruption takes maxUnavailable or minAvailable, not "maxUnavailabel" (did you mean "maxUnavailable"?)`},
		{"coordinator.replicas.max=5", "replicas is a number, not a mapping"},
		{"responder.replicas.max=abc", "replicas.max: must be an integer, not a string"},
		{"responder.replicas.max=0", "the result is invalid"},
		{"nodePools.gpu.maxNodes=3", `no node pool "gpu"`},
		{"nodePools[0].maxNodes=3", "name the pool"},
		{"responder.a..b=1", "is not a field name"},
		{"responder.x[99999999999]=1", "too large"},
		{"responder.replicas.max=[1", "not a YAML value"},
	}
	s := swarm(t)
	for _, tt := range tests {
		set, err := Parse(tt.arg)
		if err == nil {
			_, err = Apply(s, []Set{set})
		}
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.arg, err, tt.want)
		}
	}
}

// FuzzParse checks that no --set argument panics the parser or Apply.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"scout.replicas.max=3", "a.b[0].c=x", "nodePools.general.maxNodes=2", "x=", "a.b={c: [1]}"} {
		f.Add(s)
	}
	s, err := spec.Load("../../../examples/market-research.yaml", nil, spec.Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, arg string) {
		set, err := Parse(arg)
		if err != nil {
			return
		}
		_, _ = Apply(s, []Set{set})
	})
}
