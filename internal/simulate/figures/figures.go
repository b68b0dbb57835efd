// Package figures formats a run's numbers the way every report prints
// them: simulate's summary and findings, test's checks, tune's table.
package figures

import (
	"math"
	"strconv"
	"time"
)

// Count formats a number of tasks: whole from 10 up, one decimal below.
func Count(v float64) string {
	if v < 10 {
		return Rate(math.Round(v*10) / 10)
	}
	return strconv.FormatFloat(math.Round(v), 'f', 0, 64)
}

// Rate formats a rate or a measure: at most 3 decimals, no trailing zeros.
func Rate(v float64) string { return strconv.FormatFloat(Round3(v), 'f', -1, 64) }

// Round3 rounds to 3 decimals, as reports print figures (JSON, CSV).
func Round3(v float64) float64 {
	r := math.Round(v*1000) / 1000
	if r == 0 {
		return 0 // no "-0"
	}
	return r
}

// Duration formats seconds as 1h2m3s.
func Duration(s int64) string {
	return (time.Duration(s) * time.Second).String()
}
