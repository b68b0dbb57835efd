package simulate

import (
	"math"
	"testing"

	"github.com/agentscale/agentscale/internal/simulate/load"
	"github.com/agentscale/agentscale/internal/spec"
)

// FuzzRun drives the example swarm with any load the parser accepts, at
// any step, and checks the run's invariants: no panic, no negative or
// non-finite backlog, pods never above the maximum.
func FuzzRun(f *testing.F) {
	f.Add("spike:20+500@5m/2m", uint16(600), uint8(1))
	f.Add("steady:1e12", uint16(300), uint8(7))
	f.Add("0,5,responder\n30,0,scout\n", uint16(120), uint8(2))
	s, err := spec.Load("../../examples/market-research.yaml", nil, spec.Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in string, seconds uint16, step uint8) {
		l, err := load.ParsePattern(in)
		if err != nil {
			if l, err = load.ParseCSV("f.csv", []byte(in)); err != nil {
				return
			}
		}
		res, err := Run(s, Options{Load: l, Duration: int64(seconds%3600) + 1, Step: int64(step%30) + 1})
		if err != nil {
			return
		}
		for _, r := range res.Roles {
			for i, b := range r.Series.Backlog {
				if b < 0 || math.IsNaN(b) || math.IsInf(b, 0) {
					t.Fatalf("%s: backlog %g at step %d", r.Name, b, i)
				}
				if r.Series.Desired[i] > r.Max || r.Series.Ready[i]+r.Series.Starting[i]+r.Series.Pending[i] != r.Series.Desired[i] {
					t.Fatalf("%s: desired %d, pods %d+%d+%d at step %d", r.Name, r.Series.Desired[i], r.Series.Ready[i], r.Series.Starting[i], r.Series.Pending[i], i)
				}
			}
		}
	})
}
