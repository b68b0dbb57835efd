package keda

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/agentscale/agentscale/internal/simulate/hpa"
)

// epoch is what simulated time 0 means to a cron trigger: midnight at the
// start of a Monday (2024-01-01) in the trigger's timezone.
var epoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// cron is cron_scaler.go: desiredReplicas while inside the window that
// start opens and end closes, else 1 (inactive); target AverageValue 1.
type cron struct {
	metric      hpa.Metric
	start, end  *schedule
	desired     float64
	minute      int64 // last evaluated minute
	inWindow    bool
	initialised bool
}

func newCron(t Trigger, md metadata) (Scaler, error) {
	start, err := parseSchedule(md["start"])
	if err != nil {
		return nil, &FieldError{"start", err.Error()}
	}
	end, err := parseSchedule(md["end"])
	if err != nil {
		return nil, &FieldError{"end", err.Error()}
	}
	desired, err := md.positive("desiredReplicas", 1)
	if err != nil {
		return nil, err
	}
	name := fmt.Sprintf("cron-%s-%s-%s", md["timezone"], cronName(md["start"]), cronName(md["end"]))
	return &cron{
		metric: hpa.Metric{Name: metricName(t.Index, name), Kind: hpa.ExternalAverage, Target: 1},
		start:  start, end: end, desired: desired,
	}, nil
}

// cronName is parseCronTimeFormat: a schedule as it appears in the metric name.
func cronName(s string) string {
	return strings.NewReplacer(" ", "", "*", "x", "/", "Sl", "?", "Qm").Replace(s)
}

func (s *cron) Metric(in Input) (float64, bool) {
	if s.active(in.Now) {
		return s.desired, true
	}
	return 1, false
}

func (s *cron) HPAMetric() hpa.Metric { return s.metric }

// active walks minutes forward from the last call (time only moves
// forward), so a day of 15 s polls costs a day of minute checks.
func (s *cron) active(now int64) bool {
	m := floorDiv(now, 60)
	if !s.initialised || m < s.minute {
		// Look back a week for the last start or end before time 0.
		s.minute, s.inWindow, s.initialised = m-7*24*60, false, true
	}
	for ; s.minute < m; s.minute++ {
		s.apply(s.minute + 1)
	}
	return s.inWindow
}

func (s *cron) apply(minute int64) {
	t := epoch.Add(time.Duration(minute) * time.Minute)
	if s.start.matches(t) {
		s.inWindow = true
	}
	if s.end.matches(t) {
		s.inWindow = false
	}
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// schedule is a standard five-field cron expression (minute hour
// day-of-month month day-of-week), as robfig/cron's standard parser reads it.
type schedule struct {
	minute, hour, dom, month, dow uint64 // bit sets
	domStar, dowStar              bool
}

func (s *schedule) matches(t time.Time) bool {
	if s.minute&(1<<t.Minute()) == 0 || s.hour&(1<<t.Hour()) == 0 || s.month&(1<<int(t.Month())) == 0 {
		return false
	}
	dom := s.dom&(1<<t.Day()) != 0
	dow := s.dow&(1<<int(t.Weekday())) != 0
	if s.domStar || s.dowStar {
		return dom && dow
	}
	return dom || dow // cron's rule when both are restricted
}

var (
	monthNames = map[string]int{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}
	dayNames   = map[string]int{"sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6}
)

func parseSchedule(expr string) (*schedule, error) {
	f := strings.Fields(expr)
	if len(f) != 5 {
		return nil, fmt.Errorf("%q: want 5 fields (minute hour day-of-month month day-of-week)", expr)
	}
	s := &schedule{domStar: f[2] == "*" || f[2] == "?", dowStar: f[4] == "*" || f[4] == "?"}
	var err error
	specs := []struct {
		dst    *uint64
		lo, hi int
		names  map[string]int
		what   string
	}{
		{&s.minute, 0, 59, nil, "minute"}, {&s.hour, 0, 23, nil, "hour"}, {&s.dom, 1, 31, nil, "day of month"},
		{&s.month, 1, 12, monthNames, "month"}, {&s.dow, 0, 7, dayNames, "day of week"},
	}
	for i, sp := range specs {
		if *sp.dst, err = parseField(f[i], sp.lo, sp.hi, sp.names); err != nil {
			return nil, fmt.Errorf("%q: %s: %v", expr, sp.what, err)
		}
	}
	if s.dow&(1<<7) != 0 { // 7 is Sunday too
		s.dow |= 1
	}
	return s, nil
}

func parseField(field string, lo, hi int, names map[string]int) (uint64, error) {
	var bits uint64
	for _, part := range strings.Split(field, ",") {
		rng, stepStr, hasStep := strings.Cut(part, "/")
		step := 1
		if hasStep {
			n, err := strconv.Atoi(stepStr)
			if err != nil || n <= 0 {
				return 0, fmt.Errorf("bad step %q", stepStr)
			}
			step = n
		}
		from, to := lo, hi
		if rng != "*" && rng != "?" {
			a, b, isRange := strings.Cut(rng, "-")
			var err error
			if from, err = value(a, lo, hi, names); err != nil {
				return 0, err
			}
			to = from
			if isRange {
				if to, err = value(b, lo, hi, names); err != nil {
					return 0, err
				}
			} else if hasStep {
				to = hi
			}
			if to < from {
				return 0, fmt.Errorf("range %q runs backwards", rng)
			}
		}
		for v := from; v <= to; v += step {
			bits |= 1 << v
		}
	}
	return bits, nil
}

func value(s string, lo, hi int, names map[string]int) (int, error) {
	if v, ok := names[strings.ToLower(s)]; ok {
		return v, nil
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < lo || v > hi {
		return 0, fmt.Errorf("%q is not a value from %d to %d", s, lo, hi)
	}
	return v, nil
}
