package render

import (
	"fmt"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/agentscale/agentscale/internal/spec"
)

// A dashboard must fit the 1 MiB a ConfigMap may hold: indented while it
// fits, compact when only that fits, and an input error beyond.
func TestDashboardFitsAConfigMap(t *testing.T) {
	swarm := func(n int) *spec.Swarm {
		var b strings.Builder
		b.WriteString("apiVersion: agentscale.dev/v1alpha1\nkind: Swarm\nmetadata: {name: big, namespace: agents}\nspec:\n  roles:\n")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "    - {name: r%d, image: x:1, metrics: {port: 9090}, replicas: {min: 1, max: 3}, scaling: {hpa: {metrics: [{name: q, type: Object, target: 5}]}}}\n", i)
		}
		return parse(t, b.String())
	}
	for _, tc := range []struct {
		roles    int
		indented bool
		fails    bool
	}{{20, true, false}, {100, false, false}, {400, false, true}} {
		objs, err := Render(swarm(tc.roles), Options{})
		if tc.fails {
			if err == nil || !strings.Contains(err.Error(), "over the 1 MiB a ConfigMap may hold") || !strings.Contains(err.Error(), "swarm.yaml:3:") {
				t.Errorf("%d roles: err = %v", tc.roles, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%d roles: %v", tc.roles, err)
		}
		cm := find(objs, "ConfigMap", "big-dashboard").(*corev1.ConfigMap)
		data := cm.Data["big.json"]
		if len(data) > maxConfigMapBytes || strings.Contains(data, "\n  ") != tc.indented {
			t.Errorf("%d roles: %d bytes, indented %v", tc.roles, len(data), strings.Contains(data, "\n  "))
		}
	}
}
