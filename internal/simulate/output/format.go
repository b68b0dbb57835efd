package output

import (
	"fmt"
	"io"
	"strconv"

	"github.com/agentscale/agentscale/internal/simulate"
)

// Formats are the values of -o; "text" as every other command names it
// (the flag still reads "table", its first name).
var Formats = []string{"text", "json", "csv"}

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
