package plot

import (
	"math"
	"strconv"

	"gonum.org/v1/plot"
)

// ticks are gonum's default ticks with labels a person reads at a glance:
// 250k instead of 250000.00, and no fractional ticks for counts of pods or
// nodes.
type ticks struct{ whole bool }

func (t ticks) Ticks(min, max float64) []plot.Tick {
	var out []plot.Tick
	for _, tk := range (plot.DefaultTicks{}).Ticks(min, max) {
		if tk.Label != "" && t.whole && tk.Value != math.Trunc(tk.Value) {
			tk.Label = ""
		}
		if tk.Label != "" {
			tk.Label = human(tk.Value)
		}
		out = append(out, tk)
	}
	return out
}

// human formats 1500 as 1.5k and 2000000 as 2M.
func human(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 1e9:
		return trim(v/1e9) + "G"
	case a >= 1e6:
		return trim(v/1e6) + "M"
	case a >= 1e4:
		return trim(v/1e3) + "k"
	}
	return trim(v)
}

func trim(v float64) string {
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}
