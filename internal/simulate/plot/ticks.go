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

// timeTicks label the time axis every round step (1, 2, 5, 10, 15, 20, 30,
// 60 … units) so a run shows about 4 to 8 labels, with a minor tick between.
// gonum's default picks as few as two labels (0 and 25 on a 30-minute run).
type timeTicks struct{}

func (timeTicks) Ticks(min, max float64) []plot.Tick {
	span := max - min
	if span <= 0 || math.IsInf(span, 0) || math.IsNaN(span) {
		return (plot.DefaultTicks{}).Ticks(min, max)
	}
	step := 1.0
	for _, s := range []float64{1, 2, 5, 10, 15, 20, 30, 60, 120, 180, 240, 360, 720} {
		step = s
		if span/s < 8 {
			break
		}
	}
	if span/step >= 8 { // longer than the table covers: fall back to gonum
		return (plot.DefaultTicks{}).Ticks(min, max)
	}
	var out []plot.Tick
	for v := math.Ceil(min/step) * step; v <= max+step/1e6; v += step {
		out = append(out, plot.Tick{Value: v, Label: trim(v)})
		if mid := v + step/2; mid < max {
			out = append(out, plot.Tick{Value: mid})
		}
	}
	return out
}
