package output

import (
	"io"
	"testing"

	"github.com/agentscale/agentscale/internal/simulate"
)

// BenchmarkCSVDay10Roles writes 24 h at 1 s for 10 roles (864,000 rows).
func BenchmarkCSVDay10Roles(b *testing.B) {
	const n = 86400
	res := &simulate.Result{Step: 1, Steps: n, Pools: []*simulate.PoolRun{{Name: "p", Nodes: make([]int32, n)}}}
	for range 10 {
		s := &simulate.RoleSeries{Arrivals: make([]float64, n), Backlog: make([]float64, n), Processed: make([]float64, n),
			Desired: make([]int32, n), Ready: make([]int32, n), Starting: make([]int32, n), Pending: make([]int32, n)}
		for i := range n {
			s.Arrivals[i], s.Backlog[i], s.Desired[i] = float64(i%500)/3, float64(i), int32(i%40)
		}
		res.Roles = append(res.Roles, &simulate.RoleRun{Name: "role", Pool: "p", Series: s})
	}
	for b.Loop() {
		if err := CSV(io.Discard, res); err != nil {
			b.Fatal(err)
		}
	}
}
