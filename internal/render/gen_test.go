package render

import (
	"testing"

	"github.com/agentscale/agentscale/internal/benchdata"
)

// generatedSwarm is benchdata.Swarm: n roles cycling through every feature.
func generatedSwarm(n int) string { return string(benchdata.Swarm(n)) }

func TestGeneratedSwarmRenders(t *testing.T) {
	objs := mustRender(t, parse(t, generatedSwarm(25)), Options{})
	if n := count(objs, "ScaledObject") + count(objs, "HorizontalPodAutoscaler") + count(objs, "StatefulSet") + count(objs, "Job"); n != 20 {
		t.Errorf("%d autoscalers, StatefulSets and Jobs, want 20", n)
	}
}
