// Package tune searches a grid of settings for the cheapest one under
// which a scenario meets every expectation: agentscale tune.
package tune

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/agentscale/agentscale/internal/scenario"
	"github.com/agentscale/agentscale/internal/simulate"
	"github.com/agentscale/agentscale/internal/simulate/override"
	"github.com/agentscale/agentscale/internal/spec"
)

// MaxCandidates bounds the grid: each candidate is a run.
const MaxCandidates = 10_000

// wave is how many candidates run between two updates of the best so far.
// It is fixed, not the number of cores, so that which candidates are
// stopped early (and so the table) is the same on every machine.
const wave = 8

// Objectives are what tune minimises.
var Objectives = []string{"cost", "replica-hours", "node-hours"}

// Vary is one --vary: a --set key and the values to try.
type Vary struct {
	Key    string
	Values []string
}

// ParseVary reads PATH=V1,V2,... or PATH=LO..HI[:STEP] (numbers, or
// durations such as 30s..5m:30s; a number's step defaults to 1).
func ParseVary(arg string) (Vary, error) {
	key, vals, ok := strings.Cut(arg, "=")
	if !ok || key == "" || strings.TrimSpace(vals) == "" {
		return Vary{}, fmt.Errorf("--vary %s: want PATH=V1,V2,... or PATH=LO..HI[:STEP], e.g. responder.replicas.max=20..60:10", arg)
	}
	if _, err := override.Parse(key + "=" + "0"); err != nil {
		return Vary{}, fmt.Errorf("--vary %s: %s", arg, strings.TrimPrefix(err.Error(), "--set "+key+"=0: "))
	}
	v := Vary{Key: key}
	if lo, rest, ok := strings.Cut(vals, ".."); ok && !strings.Contains(vals, ",") {
		hi, step, _ := strings.Cut(rest, ":")
		values, err := span(strings.TrimSpace(lo), strings.TrimSpace(hi), strings.TrimSpace(step))
		if err != nil {
			return Vary{}, fmt.Errorf("--vary %s: %v", arg, err)
		}
		v.Values = values
	} else {
		for _, x := range strings.Split(vals, ",") {
			if x = strings.TrimSpace(x); x == "" {
				return Vary{}, fmt.Errorf("--vary %s: an empty value", arg)
			}
			v.Values = append(v.Values, x)
		}
	}
	if len(v.Values) > MaxCandidates {
		return Vary{}, fmt.Errorf("--vary %s: %d values; at most %d", arg, len(v.Values), MaxCandidates)
	}
	return v, nil
}

// span lists LO, LO+STEP, ... up to HI.
func span(lo, hi, step string) ([]string, error) {
	if a, err1 := strconv.ParseFloat(lo, 64); err1 == nil {
		b, err := strconv.ParseFloat(hi, 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not a number like %s", hi, lo)
		}
		st := 1.0
		if step != "" {
			if st, err = strconv.ParseFloat(step, 64); err != nil || st <= 0 {
				return nil, fmt.Errorf("step %q is not a positive number", step)
			}
		}
		return steps(a, b, st, func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) })
	}
	a, err := time.ParseDuration(lo)
	if err != nil {
		return nil, fmt.Errorf("%q is neither a number nor a duration", lo)
	}
	b, err := time.ParseDuration(hi)
	if err != nil {
		return nil, fmt.Errorf("%q is not a duration like %s", hi, lo)
	}
	st, err := time.ParseDuration(step)
	if err != nil || st <= 0 {
		return nil, fmt.Errorf("a duration range needs a positive step: LO..HI:STEP, e.g. 1m..10m:1m")
	}
	return steps(float64(a), float64(b), float64(st), func(x float64) string { return time.Duration(x).String() })
}

func steps(lo, hi, step float64, format func(float64) string) ([]string, error) {
	if hi < lo {
		return nil, fmt.Errorf("the range ends below its start")
	}
	n := math.Floor((hi-lo)/step+1e-9) + 1
	if n > MaxCandidates {
		return nil, fmt.Errorf("%.0f values; at most %d", n, MaxCandidates)
	}
	var out []string
	for i := range int(n) {
		// Round away the float noise of repeated addition (0.1 + 0.2).
		x := lo + float64(i)*step
		out = append(out, format(math.Round(x*1e9)/1e9))
	}
	return out, nil
}

// Candidate is one point of the grid and its run.
type Candidate struct {
	Values []string // one per Vary, in order
	// Outcome is the scenario's run and checks; nil when Err is set.
	Outcome *scenario.Outcome
	// Objective is the figure minimised; for a stopped run, the part
	// reached when it was stopped.
	Objective float64
	// Stopped is set when the run was ended early: it was already above
	// the best passing candidate of an earlier wave.
	Stopped bool
	// Err is a setting the swarm does not accept (the result is invalid).
	Err error
}

// Passed reports whether the candidate ran to the end and met every
// expectation.
func (c *Candidate) Passed() bool {
	return c.Err == nil && !c.Stopped && c.Outcome.Passed()
}

// Result is a search.
type Result struct {
	Scenario   string
	Objective  string
	Varies     []Vary
	Candidates []Candidate
	// Best indexes the cheapest passing candidate, -1 when none passed.
	Best int
}

// Options say what to search.
type Options struct {
	Scenario  int // index in the swarm's spec.scenarios
	Env       string
	Varies    []Vary
	Objective string // one of Objectives; "" picks cost when a pool has a price
}

// Search runs every candidate of the grid, in parallel, in waves: a
// candidate whose cost or node-hours (which only grow) pass the best
// passing candidate of an earlier wave is stopped there.
func Search(sw *scenario.Swarm, opts Options) (*Result, error) {
	objective := opts.Objective
	if objective == "" {
		objective = "replica-hours"
		for _, p := range sw.Base.Spec.NodePools {
			if p.PricePerHour > 0 {
				objective = "cost"
			}
		}
	}
	grid := 1
	for _, v := range opts.Varies {
		grid *= len(v.Values)
		if grid > MaxCandidates {
			return nil, fmt.Errorf("the grid has more than %d candidates: narrow a --vary or use a coarser step", MaxCandidates)
		}
	}
	// A key or value that cannot apply at all is the user's mistake, not a
	// candidate that fails: refuse it before running anything.
	for _, v := range opts.Varies {
		for _, x := range v.Values {
			set, err := override.Parse(v.Key + "=" + x)
			if err == nil {
				_, err = override.Apply(sw.Base, []override.Set{set})
			}
			var oe *override.Error
			if err != nil && (!errors.As(err, &oe) || !oe.Invalid) {
				return nil, fmt.Errorf("--vary %s=%s: %s", v.Key, x, strings.TrimPrefix(err.Error(), "--set "+v.Key+"="+x+": "))
			}
		}
	}
	res := &Result{Scenario: sw.Base.Spec.Scenarios[opts.Scenario].Name, Objective: objective, Varies: opts.Varies, Best: -1}
	res.Candidates = make([]Candidate, grid)
	for i := range res.Candidates {
		res.Candidates[i].Values = point(opts.Varies, i)
	}
	best := math.Inf(1)
	var usageErr error
	for start := 0; start < grid; start += wave {
		end := min(start+wave, grid)
		bound := best
		var wg sync.WaitGroup
		sem := make(chan struct{}, runtime.GOMAXPROCS(0))
		errs := make([]error, end-start)
		for i := start; i < end; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				sem <- struct{}{}
				defer func() { <-sem }()
				errs[i-start] = run(sw, opts, objective, bound, &res.Candidates[i])
			}()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil && usageErr == nil {
				usageErr = err
			}
		}
		for i := start; i < end; i++ {
			// Figures equal to the cent (or hundredth of an hour) are a
			// tie, which the first candidate in grid order wins.
			if c := &res.Candidates[i]; c.Passed() && cents(c.Objective) < cents(best) {
				best, res.Best = c.Objective, i
			}
		}
	}
	if usageErr != nil {
		return nil, usageErr
	}
	return res, nil
}

// point is the values of candidate i: the last Vary changes fastest.
func point(varies []Vary, i int) []string {
	vals := make([]string, len(varies))
	for k := len(varies) - 1; k >= 0; k-- {
		n := len(varies[k].Values)
		vals[k] = varies[k].Values[i%n]
		i /= n
	}
	return vals
}

// run runs one candidate; an error is one the whole search must stop for
// (a usage error of the simulator), not a candidate's invalid setting.
func run(sw *scenario.Swarm, opts Options, objective string, bound float64, c *Candidate) error {
	var sets []override.Set
	for k, v := range opts.Varies {
		set, err := override.Parse(v.Key + "=" + c.Values[k])
		if err != nil {
			c.Err = err
			return nil
		}
		sets = append(sets, set)
	}
	so := scenario.Options{Env: opts.Env, Apply: func(s *spec.Swarm) (*spec.Swarm, error) { return override.Apply(s, sets) }}
	if objective != "replica-hours" && !math.IsInf(bound, 1) {
		so.Stop = func(p simulate.Progress) bool { return progressObjective(objective, p) > bound }
	}
	out, err := sw.Run(opts.Scenario, so)
	var oe *override.Error
	switch {
	case errors.As(err, &oe):
		c.Err = err
		return nil
	case err != nil:
		return err
	}
	c.Outcome = out
	c.Stopped = out.Run.Stopped
	t := out.Run.Totals()
	switch objective {
	case "cost":
		c.Objective = t.Cost
	case "node-hours":
		c.Objective = t.NodeHours
	default:
		c.Objective = t.ReplicaHours
	}
	return nil
}

// cents rounds an objective to the precision reports show it in.
func cents(v float64) float64 { return math.Round(v * 100) }

func progressObjective(objective string, p simulate.Progress) float64 {
	if objective == "cost" {
		return p.Cost
	}
	return p.NodeHours
}

// Closest returns the failed candidate that missed least, and its misses
// worst first: the one with the fewest failed expectations, then the
// smallest worst miss relative to its bound; -1 when none ran.
func (r *Result) Closest() (int, []scenario.Check) {
	best, bestN, bestMiss := -1, 0, math.Inf(1)
	var misses []scenario.Check
	for i := range r.Candidates {
		c := &r.Candidates[i]
		if c.Err != nil || c.Stopped || c.Outcome == nil {
			continue
		}
		failed := slices.Clone(c.Outcome.Failed())
		slices.SortStableFunc(failed, func(a, b scenario.Check) int { return cmp.Compare(b.Excess, a.Excess) })
		worst := 0.0
		if len(failed) > 0 {
			worst = failed[0].Excess
		}
		if best < 0 || len(failed) < bestN || len(failed) == bestN && worst < bestMiss {
			best, bestN, bestMiss, misses = i, len(failed), worst, failed
		}
	}
	return best, misses
}
