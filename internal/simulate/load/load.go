package load

import (
	"math"

	"github.com/agentscale/agentscale/internal/diag"
)

// Rate is arrivals per second as a function of simulated time (seconds).
type Rate interface {
	At(t float64) float64
}

// Load is what arrives at the swarm: one rate for every driven role, or,
// from a CSV with a role column, one rate per role.
type Load struct {
	// All drives every role that has no rate of its own ("" role rows, or a pattern).
	All Rate
	// Roles holds per-role rates from a CSV role column.
	Roles map[string]Rate
	// RoleLines is where each role of Roles is first named, for errors.
	RoleLines map[string]Pos
	// Source names the load for reports: the pattern, or the file.
	Source string
	// End is the time of a load file's last row (0 for a pattern).
	End float64
}

// Pos is a line of a load file.
type Pos = diag.Pos

// Error is a problem in a load file (exit 1) or pattern (a usage error).
type Error struct {
	Pos Pos // zero for a pattern
	Msg string
}

func (e *Error) Error() string {
	if e.Pos.File == "" {
		return e.Msg
	}
	return e.Pos.String() + ": " + e.Msg
}

// For returns the rate driving role, or nil when nothing drives it.
func (l *Load) For(role string) Rate {
	if r, ok := l.Roles[role]; ok {
		return r
	}
	return l.All
}

// Series samples r at the start of each of n steps of step seconds. A nil
// rate is all zeros. Values are clamped to finite, non-negative numbers.
func Series(r Rate, n int, step int64) []float64 {
	out := make([]float64, n)
	if r == nil {
		return out
	}
	for i := range out {
		v := r.At(float64(int64(i) * step))
		if v < 0 || math.IsNaN(v) {
			v = 0
		}
		if math.IsInf(v, 1) {
			v = math.MaxFloat64
		}
		out[i] = v
	}
	return out
}
