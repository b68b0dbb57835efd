// Package scenario runs a swarm's spec.scenarios through the simulator and
// measures each expectation: what agentscale test reports and agentscale
// tune optimises against.
package scenario

import (
	"errors"
	"fmt"
	"github.com/agentscale/agentscale/internal/simulate/figures"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/agentscale/agentscale/internal/simulate"
	"github.com/agentscale/agentscale/internal/simulate/load"
	"github.com/agentscale/agentscale/internal/spec"
)

// Check is one expectation, measured.
type Check struct {
	// Role is the role checked; empty for a budget check.
	Role string
	// Name is the expectation's field: p95Wait, maxCost, maxNodes.general.
	Name string
	// Pos is where the expectation is written; Path its path in the file.
	Pos  spec.Pos
	Path string
	// Want and Got are the bound and the measured value, formatted.
	Want, Got string
	Pass      bool
	// Msg says it in a sentence: "p95 wait 3m12s > 1m30s".
	Msg string
	// Excess is how far the run missed, as a fraction of the bound (0 when
	// it passed): tune reports the candidate that failed closest.
	Excess float64
}

// Outcome is one scenario's run and checks.
type Outcome struct {
	File, Name string
	// Pos is where the scenario's name is written.
	Pos    spec.Pos
	Checks []Check
	Run    *simulate.Result
}

// Passed reports whether every check passed.
func (o *Outcome) Passed() bool {
	for _, c := range o.Checks {
		if !c.Pass {
			return false
		}
	}
	return true
}

// Findings are the run's verdicts (simulate's findings).
func (o *Outcome) Findings() []simulate.Finding {
	if o.Run == nil {
		return nil
	}
	return o.Run.Findings
}

// Failed returns the checks that did not pass.
func (o *Outcome) Failed() []Check {
	var f []Check
	for _, c := range o.Checks {
		if !c.Pass {
			f = append(f, c)
		}
	}
	return f
}

// Options say how to run.
type Options struct {
	// Env is the environment for scenarios that name none.
	Env string
	// Series keeps the runs' time series (for plots).
	Series bool
	// Apply, when set, changes the swarm before the run (--set, and
	// tune's candidates).
	Apply func(*spec.Swarm) (*spec.Swarm, error)
	// Stop may end the run early (simulate.Options.Stop); the outcome's
	// checks are then not made.
	Stop func(simulate.Progress) bool
}

// Swarm is a parsed swarm file and its environments, parsed on demand.
type Swarm struct {
	File string
	Data []byte
	Base *spec.Swarm
	mu   sync.Mutex // guards envs: tune runs scenarios in parallel
	envs map[string]*spec.Swarm
}

// Parse reads a swarm file for its scenarios; errors are the file's
// problems with their positions.
func Parse(file string, data []byte) (*Swarm, spec.ErrorList) {
	base, errs := spec.Parse(file, data, spec.Options{})
	if len(errs) > 0 {
		return nil, errs
	}
	return &Swarm{File: file, Data: data, Base: base, envs: map[string]*spec.Swarm{"": base}}, nil
}

// env returns the swarm with environment name applied.
func (s *Swarm) env(name string) (*spec.Swarm, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sw, ok := s.envs[name]; ok {
		return sw, nil
	}
	sw, errs := spec.Parse(s.File, s.Data, spec.Options{Env: name})
	if len(errs) > 0 {
		return nil, errs
	}
	s.envs[name] = sw
	return sw, nil
}

// Index returns the index of the scenario called name, or -1.
func (s *Swarm) Index(name string) int {
	return slices.IndexFunc(s.Base.Spec.Scenarios, func(sc spec.Scenario) bool { return sc.Name == name })
}

// Run runs scenario i and checks its expectations. An error is the file's
// problem (an unreadable load file, a trigger simulate cannot model: a
// *spec.Error or spec.ErrorList) or a usage error from the simulator.
func (s *Swarm) Run(i int, opts Options) (*Outcome, error) {
	sc := &s.Base.Spec.Scenarios[i]
	path := spec.ScenarioPath(i)
	envName := sc.Env
	if envName == "" {
		envName = opts.Env
	}
	sw, err := s.env(envName)
	if err != nil {
		return nil, err
	}
	if opts.Apply != nil {
		if sw, err = opts.Apply(sw); err != nil {
			return nil, err
		}
	}
	if err := simulate.CheckTriggers(sw); err != nil {
		return nil, err
	}
	ld, err := s.load(sc.Load)
	switch {
	case load.IsFileError(err):
		// A bad row is reported where it is, in the CSV file.
		return nil, err
	case err != nil:
		return nil, &spec.Error{Pos: s.Base.ValuePos(path + ".load"), Path: spec.DisplayPath(path + ".load"), Msg: err.Error()}
	}
	duration := int64(simulate.DefaultDuration)
	if sc.Duration != nil {
		duration = int64(sc.Duration.Duration / time.Second)
	}
	res, err := simulate.Run(sw, simulate.Options{
		Roles: sc.Roles, Load: ld, Duration: duration, Step: simulate.DefaultStep, SummaryOnly: !opts.Series, Stop: opts.Stop,
	})
	if err != nil {
		return nil, err
	}
	out := &Outcome{File: s.File, Name: sc.Name, Pos: s.Base.ValuePos(path + ".name"), Run: res}
	if res.Stopped {
		return out, nil
	}
	for _, r := range res.Roles {
		out.Checks = append(out.Checks, s.roleChecks(i, r)...)
	}
	out.Checks = append(out.Checks, s.budgetChecks(i, res)...)
	return out, nil
}

// load opens a scenario's load: a pattern, or a CSV file relative to the
// swarm file.
func (s *Swarm) load(arg string) (*load.Load, error) {
	if load.IsPattern(arg) {
		return load.ParsePattern(arg)
	}
	file := arg
	if s.File != spec.StdinName && !filepath.IsAbs(arg) {
		file = filepath.Join(filepath.Dir(s.File), arg)
	}
	if _, err := os.Stat(file); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s is not a load pattern (%s), and there is no CSV file %s", arg, load.Patterns, file)
	}
	return load.Open(file, nil)
}

// expectation is one kind of bound on a role.
type expectation struct {
	name  string
	label string // as a sentence says it
	// at least (minReplicas) instead of at most
	atLeast bool
	kind    valueKind
	// get returns the bound from the expectations (nil when unset) and
	// measure the run's value.
	get     func(e *spec.Expectations) (float64, bool)
	measure func(s *simulate.RoleSummary) measured
}

type valueKind int

const (
	seconds valueKind = iota
	replicas
	tasks
)

// measured is a run's value; never is set when the event the bound is
// about did not happen (a backlog that never drained).
type measured struct {
	v       float64
	atLeast bool // a lower bound: tasks still queued at the end
	never   string
}

func durationBound(d func(e *spec.Expectations) *metav1.Duration) func(e *spec.Expectations) (float64, bool) {
	return func(e *spec.Expectations) (float64, bool) {
		if x := d(e); x != nil {
			return x.Seconds(), true
		}
		return 0, false
	}
}

func countBound(c func(e *spec.Expectations) *int32) func(e *spec.Expectations) (float64, bool) {
	return func(e *spec.Expectations) (float64, bool) {
		if x := c(e); x != nil {
			return float64(*x), true
		}
		return 0, false
	}
}

// expectations lists every role expectation in the order reports show them.
var expectations = []expectation{
	{name: "p95Wait", label: "p95 wait", kind: seconds,
		get:     durationBound(func(e *spec.Expectations) *metav1.Duration { return e.P95Wait }),
		measure: func(s *simulate.RoleSummary) measured { return measured{v: float64(s.P95Wait)} }},
	{name: "maxWait", label: "longest wait", kind: seconds,
		get: durationBound(func(e *spec.Expectations) *metav1.Duration { return e.MaxWait }),
		measure: func(s *simulate.RoleSummary) measured {
			return measured{v: float64(s.WorstWait), atLeast: s.WaitAtLeast}
		}},
	{name: "drainedWithin", label: "drained", kind: seconds,
		get: durationBound(func(e *spec.Expectations) *metav1.Duration { return e.DrainedWithin }),
		measure: func(s *simulate.RoleSummary) measured {
			if !s.Drained {
				return measured{never: fmt.Sprintf("never drained after its peak of %s tasks at %s", figures.Count(s.PeakBacklog), figures.Duration(s.PeakBacklogAt))}
			}
			return measured{v: float64(s.DrainAfterPeak)}
		}},
	{name: "maxBacklog", label: "peak backlog", kind: tasks,
		get: func(e *spec.Expectations) (float64, bool) {
			if e.MaxBacklog != nil {
				return *e.MaxBacklog, true
			}
			return 0, false
		},
		measure: func(s *simulate.RoleSummary) measured { return measured{v: s.PeakBacklog} }},
	{name: "maxReplicas", label: "peak replicas", kind: replicas,
		get:     countBound(func(e *spec.Expectations) *int32 { return e.MaxReplicas }),
		measure: func(s *simulate.RoleSummary) measured { return measured{v: float64(s.PeakDesired)} }},
	{name: "minReplicas", label: "fewest replicas", kind: replicas, atLeast: true,
		get:     countBound(func(e *spec.Expectations) *int32 { return e.MinReplicas }),
		measure: func(s *simulate.RoleSummary) measured { return measured{v: float64(s.MinDesired)} }},
	{name: "maxFlips", label: "direction flips", kind: replicas,
		get:     countBound(func(e *spec.Expectations) *int32 { return e.MaxFlips }),
		measure: func(s *simulate.RoleSummary) measured { return measured{v: float64(s.Flips)} }},
	{name: "maxScaleEvents", label: "scale events", kind: replicas,
		get:     countBound(func(e *spec.Expectations) *int32 { return e.MaxScaleEvents }),
		measure: func(s *simulate.RoleSummary) measured { return measured{v: float64(s.ScaleEvents)} }},
	{name: "maxUnschedulable", label: "time with pods Pending", kind: seconds,
		get:     durationBound(func(e *spec.Expectations) *metav1.Duration { return e.MaxUnschedulable }),
		measure: func(s *simulate.RoleSummary) measured { return measured{v: float64(s.Unschedulable)} }},
	{name: "maxTimeAtMax", label: "time at max replicas", kind: seconds,
		get:     durationBound(func(e *spec.Expectations) *metav1.Duration { return e.MaxTimeAtMax }),
		measure: func(s *simulate.RoleSummary) measured { return measured{v: float64(s.AtMax)} }},
}

// Expectations lists the names of every role expectation.
func Expectations() []string {
	names := make([]string, len(expectations))
	for i, e := range expectations {
		names[i] = e.name
	}
	return names
}

// roleChecks measures the expectations of scenario i that apply to r: its
// own, and the "*" ones it does not override.
func (s *Swarm) roleChecks(i int, r *simulate.RoleRun) []Check {
	sc := &s.Base.Spec.Scenarios[i]
	own, hasOwn := sc.Expect[r.Name]
	all, hasAll := sc.Expect[spec.ExpectAll]
	var checks []Check
	for _, ex := range expectations {
		key := r.Name
		bound, ok := 0.0, false
		if hasOwn {
			bound, ok = ex.get(&own)
		}
		if !ok && hasAll {
			key = spec.ExpectAll
			bound, ok = ex.get(&all)
		}
		if !ok {
			continue
		}
		path := spec.ExpectationPath(i, key, ex.name)
		checks = append(checks, judge(ex, bound, ex.measure(&r.Summary), r.Name, path, s.Base.ValuePos(path)))
	}
	return checks
}

func judge(ex expectation, bound float64, m measured, role, path string, pos spec.Pos) Check {
	c := Check{Role: role, Name: ex.name, Pos: pos, Path: spec.DisplayPath(path), Want: format(ex.kind, bound)}
	if m.never != "" {
		c.Got, c.Msg, c.Excess = "never", m.never, 1
		return c
	}
	c.Got = format(ex.kind, m.v)
	if m.atLeast {
		c.Got = "≥ " + c.Got
	}
	op := "≤"
	c.Pass = m.v <= bound
	if ex.atLeast {
		op, c.Pass = "≥", m.v >= bound
	}
	if c.Pass {
		c.Msg = fmt.Sprintf("%s %s %s %s", ex.label, c.Got, op, c.Want)
		return c
	}
	miss := map[string]string{"≤": ">", "≥": "<"}[op]
	c.Msg = fmt.Sprintf("%s %s %s %s", ex.label, c.Got, miss, c.Want)
	c.Excess = excess(m.v, bound)
	return c
}

// excess is how far v misses bound, relative to it.
func excess(v, bound float64) float64 {
	d := v - bound
	if d < 0 {
		d = -d
	}
	return d / max(bound, 1)
}

// budgetChecks measures scenario i's budget over every pool.
func (s *Swarm) budgetChecks(i int, res *simulate.Result) []Check {
	b := s.Base.Spec.Scenarios[i].Budget
	if b == nil {
		return nil
	}
	path := spec.ScenarioPath(i) + ".budget"
	tot := res.Totals()
	var checks []Check
	add := func(name, label string, bound, got float64, fmtv func(float64) string) {
		p := path + "." + name
		c := Check{Name: name, Pos: s.Base.ValuePos(p), Path: spec.DisplayPath(p), Want: fmtv(bound), Got: fmtv(got), Pass: got <= bound+1e-9}
		op := "≤"
		if !c.Pass {
			op, c.Excess = ">", excess(got, bound)
		}
		c.Msg = fmt.Sprintf("%s %s %s %s", label, c.Got, op, c.Want)
		checks = append(checks, c)
	}
	if b.MaxCost != nil {
		add("maxCost", "cost", *b.MaxCost, tot.Cost, func(v float64) string { return fmt.Sprintf("$%.2f", v) })
	}
	if b.MaxNodeHours != nil {
		add("maxNodeHours", "node-hours", *b.MaxNodeHours, tot.NodeHours, func(v float64) string { return fmt.Sprintf("%.2f", v) })
	}
	for _, pool := range slices.Sorted(maps.Keys(b.MaxNodes)) {
		peak := int32(0)
		for _, p := range res.Pools {
			if p.Name == pool {
				peak = p.Summary.PeakNodes
			}
		}
		add("maxNodes."+pool, "peak nodes in "+pool, float64(b.MaxNodes[pool]), float64(peak), func(v float64) string { return fmt.Sprintf("%.0f", v) })
	}
	return checks
}

func format(k valueKind, v float64) string {
	switch k {
	case seconds:
		return dur(v)
	case tasks:
		return figures.Count(v)
	default:
		return fmt.Sprintf("%.0f", v)
	}
}

func dur(s float64) string { return figures.Duration(int64(s)) }
