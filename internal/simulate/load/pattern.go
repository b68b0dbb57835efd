package load

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Patterns lists the pattern forms, for help texts and errors.
const Patterns = "steady:RATE, ramp:FROM..TO/DURATION, spike:BASE+EXTRA@START/DURATION, daily:MIN..MAX[@PEAK]"

// IsPattern reports whether s is written as a pattern (name:args with a
// known name), so the caller can tell a pattern from a file path.
func IsPattern(s string) bool {
	name, _, ok := strings.Cut(s, ":")
	if !ok {
		return false
	}
	switch name {
	case "steady", "ramp", "spike", "daily":
		return true
	}
	return false
}

// ParsePattern parses one load pattern.
func ParsePattern(s string) (*Load, error) {
	name, args, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok {
		return nil, patternErr(s, "a pattern is NAME:ARGS")
	}
	var r Rate
	var err error
	switch name {
	case "steady":
		r, err = parseSteady(args)
	case "ramp":
		r, err = parseRamp(args)
	case "spike":
		r, err = parseSpike(args)
	case "daily":
		r, err = parseDaily(args)
	default:
		return nil, patternErr(s, fmt.Sprintf("unknown pattern %q", name))
	}
	if err != nil {
		return nil, patternErr(s, err.Error())
	}
	return &Load{All: r, Source: s}, nil
}

func patternErr(s, msg string) error {
	return &Error{Msg: fmt.Sprintf("load pattern %q: %s (patterns: %s)", s, msg, Patterns)}
}

// Steady is a constant rate.
type Steady struct{ Rate float64 }

func (s Steady) At(float64) float64 { return s.Rate }

// Ramp rises linearly From → To over Over seconds, then holds To.
type Ramp struct{ From, To, Over float64 }

func (r Ramp) At(t float64) float64 {
	if t >= r.Over {
		return r.To
	}
	return r.From + (r.To-r.From)*t/r.Over
}

// Spike adds Extra to Base from Start for Over seconds.
type Spike struct{ Base, Extra, Start, Over float64 }

func (s Spike) At(t float64) float64 {
	if t >= s.Start && t < s.Start+s.Over {
		return s.Base + s.Extra
	}
	return s.Base
}

// Daily is a 24-hour cosine between Min and Max, peaking at Peak seconds
// after midnight (simulated time 0 is midnight).
type Daily struct{ Min, Max, Peak float64 }

const day = 24 * 3600

func (d Daily) At(t float64) float64 {
	return d.Min + (d.Max-d.Min)*(1+math.Cos(2*math.Pi*(t-d.Peak)/day))/2
}

func parseSteady(args string) (Rate, error) {
	v, err := number(args, "rate")
	return Steady{v}, err
}

func parseRamp(args string) (Rate, error) {
	rng, over, ok := strings.Cut(args, "/")
	if !ok {
		return nil, fmt.Errorf("ramp needs FROM..TO/DURATION, e.g. ramp:0..200/10m")
	}
	from, to, err := numberRange(rng)
	if err != nil {
		return nil, err
	}
	d, err := duration(over)
	if err != nil {
		return nil, err
	}
	if d == 0 {
		return nil, fmt.Errorf("ramp duration must be > 0")
	}
	return Ramp{from, to, d}, nil
}

func parseSpike(args string) (Rate, error) {
	base, rest, ok := strings.Cut(args, "+")
	if !ok {
		return nil, fmt.Errorf("spike needs BASE+EXTRA@START/DURATION, e.g. spike:20+500@5m/2m")
	}
	extra, when, ok := strings.Cut(rest, "@")
	if !ok {
		return nil, fmt.Errorf("spike needs @START/DURATION after the extra rate")
	}
	start, over, ok := strings.Cut(when, "/")
	if !ok {
		return nil, fmt.Errorf("spike needs /DURATION after the start")
	}
	var s Spike
	var err error
	if s.Base, err = number(base, "base rate"); err != nil {
		return nil, err
	}
	if s.Extra, err = number(extra, "extra rate"); err != nil {
		return nil, err
	}
	if s.Start, err = duration(start); err != nil {
		return nil, err
	}
	if s.Over, err = duration(over); err != nil {
		return nil, err
	}
	return s, nil
}

func parseDaily(args string) (Rate, error) {
	rng, peak, hasPeak := strings.Cut(args, "@")
	lo, hi, err := numberRange(rng)
	if err != nil {
		return nil, err
	}
	d := Daily{Min: lo, Max: hi, Peak: 14 * 3600}
	if hasPeak {
		if d.Peak, err = duration(peak); err != nil {
			return nil, err
		}
		if d.Peak >= day {
			return nil, fmt.Errorf("daily peak %q must be within the day (below 24h)", peak)
		}
	}
	return d, nil
}

func numberRange(s string) (lo, hi float64, err error) {
	a, b, ok := strings.Cut(s, "..")
	if !ok {
		return 0, 0, fmt.Errorf("%q is not a range FROM..TO", s)
	}
	if lo, err = number(a, "from"); err != nil {
		return 0, 0, err
	}
	hi, err = number(b, "to")
	return lo, hi, err
}

// maxRate bounds a rate; beyond it float sums lose whole tasks.
const maxRate = 1e12

func number(s, what string) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%s %q is not a number", what, s)
	}
	if v < 0 {
		return 0, fmt.Errorf("%s %q must be >= 0", what, s)
	}
	if v > maxRate {
		return 0, fmt.Errorf("%s %q is above %g tasks/s", what, s, float64(maxRate))
	}
	return v, nil
}

// duration reads a Go duration ("10m", "1h30m") or bare seconds ("600"),
// in whole seconds.
func duration(s string) (float64, error) {
	s = strings.TrimSpace(s)
	if v, err := strconv.ParseFloat(s, 64); err == nil {
		if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) || v > 1e9 {
			return 0, fmt.Errorf("duration %q must be between 0 and 1e9 seconds", s)
		}
		return math.Round(v), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration (e.g. 90s, 10m, 1h30m)", s)
	}
	if d < 0 {
		return 0, fmt.Errorf("duration %q must be >= 0", s)
	}
	return math.Round(d.Seconds()), nil
}
