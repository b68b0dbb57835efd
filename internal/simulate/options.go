package simulate

import (
	"fmt"

	"github.com/agentscale/agentscale/internal/simulate/load"
)

// Defaults for a run.
const (
	DefaultDuration = 2 * 3600 // seconds
	DefaultStep     = 1        // seconds
	// MaxSteps bounds a run's memory: a week at 1 s steps.
	MaxSteps = 7 * 24 * 3600
	// MaxRoleSteps bounds the series a run keeps (about 48 bytes per role
	// and step): 10 roles for a day at 1 s steps, or 2,000 for 15 minutes.
	MaxRoleSteps = 2_000_000
	// MaxSweepValues bounds --sweep: each value is a run of its own.
	MaxSweepValues = 200
)

// Options say what to simulate.
type Options struct {
	// Roles to drive with the load and report, by name. Empty means the
	// roles a load file names, else every autoscaled role, else all roles.
	Roles []string
	// Load is what arrives; required.
	Load *load.Load
	// Duration and Step are whole seconds.
	Duration, Step int64
	// SummaryOnly drops the time series after summarising (sweeps).
	SummaryOnly bool
	// Settings are the controllers' flags; nil means the swarm's
	// spec.cluster over DefaultSettings (SettingsFor) for Run, and
	// DefaultSettings for RunObjects.
	Settings *Settings
	// Stop, when set, is asked after every simulated minute whether to end
	// the run there (tune stops a candidate already costlier than the best
	// one); the result then covers the steps run and has Stopped set.
	Stop func(Progress) bool
}

// Progress is a run so far: the time simulated and the node pools' cost
// and node-hours up to it, which only grow.
type Progress struct {
	Time            int64
	Cost, NodeHours float64
}

// UsageError is a request the simulation cannot carry out as given (a bad
// option or an unmodelled feature): the command exits 2.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

func usagef(format string, args ...any) error {
	return &UsageError{fmt.Sprintf(format, args...)}
}

func (o *Options) check() error {
	if o.Load == nil {
		return usagef("no load: give --load FILE or a pattern (%s)", load.Patterns)
	}
	if o.Step <= 0 {
		return usagef("--step must be at least 1s")
	}
	if o.Duration < o.Step {
		return usagef("--duration must be at least one step")
	}
	if o.Duration/o.Step > MaxSteps {
		return usagef("--duration %ds at --step %ds is %d steps; at most %d (raise --step)", o.Duration, o.Step, o.Duration/o.Step, MaxSteps)
	}
	return nil
}
