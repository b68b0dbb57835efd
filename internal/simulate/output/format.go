package output

import (
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/agentscale/agentscale/internal/simulate"
	"github.com/agentscale/agentscale/internal/simulate/figures"
)

// Formats are the values of -o.
var Formats = []string{"table", "json", "csv"}

// num formats a task count or rate: at most 3 decimals, no trailing zeros.
func num(v float64) string { return figures.Rate(v) }

func round3(v float64) float64 {
	r := math.Round(v*1000) / 1000
	if r == 0 {
		return 0 // no "-0"
	}
	return r
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
