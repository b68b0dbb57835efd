package output

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"time"

	"github.com/agentscale/agentscale/internal/simulate"
)

// Formats are the values of -o.
var Formats = []string{"table", "json", "csv"}

// num formats a task count or rate: at most 3 decimals, no trailing zeros.
func num(v float64) string {
	return strconv.FormatFloat(round3(v), 'f', -1, 64)
}

func round3(v float64) float64 {
	r := math.Round(v*1000) / 1000
	if r == 0 {
		return 0 // no "-0"
	}
	return r
}

// Count formats a number of tasks for reports: whole from 10 up, one
// decimal below.
func Count(v float64) string {
	if v < 10 {
		return num(math.Round(v*10) / 10)
	}
	return strconv.FormatFloat(math.Round(v), 'f', 0, 64)
}

// Duration formats seconds as 1h2m3s.
func Duration(s int64) string {
	return (time.Duration(s) * time.Second).String()
}

func money(v float64) string { return fmt.Sprintf("$%.2f", v) }

func hours(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

// Write prints res in format (one of Formats).
func Write(w io.Writer, format string, res *simulate.Result) error {
	switch format {
	case "json":
		return JSON(w, res)
	case "csv":
		return CSV(w, res)
	}
	return Table(w, res)
}

// WriteSweep prints a sweep's comparison in format.
func WriteSweep(w io.Writer, format, key string, runs []simulate.SweepRun) error {
	switch format {
	case "json":
		return SweepJSON(w, key, runs)
	case "csv":
		return SweepCSV(w, key, runs)
	}
	return SweepTable(w, key, runs)
}
