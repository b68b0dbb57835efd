package catalog

import (
	"fmt"
	"strings"
	"time"
	_ "time/tzdata" // timezones the same on every machine, with or without /usr/share/zoneinfo

	"github.com/robfig/cron/v3"
)

// cronParser is the parser KEDA's cron scaler builds (cron_scaler.go):
// five fields, no seconds, no descriptors such as @daily.
var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow)

// CronSchedule parses a cron trigger's start or end as KEDA does.
func CronSchedule(expr string) (cron.Schedule, error) {
	s, err := cronParser.Parse(expr)
	if err != nil {
		msg := err.Error()
		if strings.HasPrefix(strings.TrimSpace(expr), "@") {
			msg = "KEDA's cron scaler takes five fields (minute hour day-of-month month day-of-week), not descriptors such as " + strings.Fields(expr)[0]
		}
		return nil, fmt.Errorf("%q: %s", expr, msg)
	}
	return s, nil
}

// CronLocation loads a cron trigger's timezone as KEDA does. "Local" is
// the operator's own zone: UTC in KEDA's images.
func CronLocation(tz string) (*time.Location, error) {
	if tz == "Local" {
		return time.UTC, nil
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return nil, fmt.Errorf("%q is not an IANA timezone (e.g. Europe/Paris, America/New_York, UTC)", tz)
	}
	return loc, nil
}
