package keda

import (
	"fmt"
	"strings"
	"time"

	robfig "github.com/robfig/cron/v3"

	"github.com/agentscale/agentscale/internal/keda/catalog"
	"github.com/agentscale/agentscale/internal/simulate/hpa"
)

// Epoch is what simulated time 0 means to a cron trigger: midnight at the
// start of a Monday (2024-01-01) in the trigger's timezone.
func Epoch(loc *time.Location) time.Time { return time.Date(2024, 1, 1, 0, 0, 0, 0, loc) }

// cron is cron_scaler.go: desiredReplicas while inside the window that
// start opens and end closes, else 0 (inactive); target AverageValue 1.
type cron struct {
	metric     hpa.Metric
	start, end robfig.Schedule
	epoch      time.Time
	desired    float64
	// the next start and end after the last evaluated instant: time only
	// moves forward, so each is recomputed only once passed.
	at, nextStart, nextEnd time.Time
}

func newCron(t Trigger, c *catalog.Config) (Scaler, error) {
	// The catalogue has parsed these: only a value it never saw can fail.
	start, err := catalog.CronSchedule(c.String("start"))
	if err != nil {
		return nil, &FieldError{"start", err.Error()}
	}
	end, err := catalog.CronSchedule(c.String("end"))
	if err != nil {
		return nil, &FieldError{"end", err.Error()}
	}
	loc, err := catalog.CronLocation(c.String("timezone"))
	if err != nil {
		return nil, &FieldError{"timezone", err.Error()}
	}
	desired, err := targetValue(c, "desiredReplicas", 0)
	if err != nil {
		return nil, err
	}
	name := fmt.Sprintf("cron-%s-%s-%s", c.String("timezone"), cronName(c.String("start")), cronName(c.String("end")))
	return &cron{
		metric: hpa.Metric{Name: metricName(t.Index, name), Kind: hpa.ExternalAverage, Target: 1},
		start:  start, end: end, epoch: Epoch(loc), desired: desired,
	}, nil
}

// cronName is parseCronTimeFormat: a schedule as it appears in the metric name.
func cronName(s string) string {
	return strings.NewReplacer(" ", "", "*", "x", "/", "Sl", "?", "Qm", ",", "Cm").Replace(s)
}

func (s *cron) Metric(in Input) (float64, bool) {
	if s.active(in.Now) {
		return s.desired, true
	}
	return 0, false
}

func (s *cron) HPAMetric() hpa.Metric { return s.metric }

// active is GetMetricsAndActivity, to the letter: the next start and end
// after now decide (a schedule that never fires within five years gives
// the zero time; validate refuses those).
func (s *cron) active(now int64) bool {
	t := s.epoch.Add(time.Duration(now) * time.Second)
	if s.at.IsZero() || t.Before(s.at) {
		s.nextStart, s.nextEnd = s.start.Next(t), s.end.Next(t)
	}
	if !s.nextStart.IsZero() && !t.Before(s.nextStart) {
		s.nextStart = s.start.Next(t)
	}
	if !s.nextEnd.IsZero() && !t.Before(s.nextEnd) {
		s.nextEnd = s.end.Next(t)
	}
	s.at = t
	if s.nextStart.Before(s.nextEnd) {
		return t.After(s.nextStart) && t.Before(s.nextEnd)
	}
	return t.After(s.nextStart) || t.Before(s.nextEnd)
}
