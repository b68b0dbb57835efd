package plot

import (
	"math"
	"strconv"

	"gonum.org/v1/plot"
)

// ticks label a value axis every round step (1, 2, 2.5 or 5 times a
// power of ten) so it shows 4 to 8 labels, with a minor tick between, in
// a form read at a glance: 250k, not 250000.00. Counts of pods or nodes
// get whole steps only. gonum's default often gives two labels.
type ticks struct{ whole bool }

func (t ticks) Ticks(min, max float64) []plot.Tick {
	span := max - min
	if span <= 0 || math.IsInf(span, 0) || math.IsNaN(span) {
		return (plot.DefaultTicks{}).Ticks(min, max)
	}
	step := niceStep(min, max, t.whole)
	var out []plot.Tick
	for k := math.Ceil(min / step); k*step <= max+step/1e6; k++ {
		v := k * step
		out = append(out, plot.Tick{Value: v, Label: human(v)})
		if mid := v + step/2; mid < max && (!t.whole || mid == math.Trunc(mid)) {
			out = append(out, plot.Tick{Value: mid})
		}
	}
	return out
}

// niceStep is the round step (1, 2, 2.5 or 5 times a power of ten;
// whole numbers only, when whole) that puts the number of labels on
// [min, max] closest to 6.
func niceStep(min, max float64, whole bool) float64 {
	mag := math.Pow(10, math.Floor(math.Log10((max-min)/6)))
	best, bestOff := 0.0, math.Inf(1)
	for _, scale := range []float64{0.1, 1, 10} {
		for _, m := range []float64{1, 2, 2.5, 5} {
			s := m * mag * scale
			if whole && (s < 1 || s != math.Trunc(s)) {
				continue
			}
			labels := math.Floor(max/s+1e-9) - math.Ceil(min/s-1e-9) + 1
			if off := math.Abs(labels - 6); off < bestOff {
				best, bestOff = s, off
			}
		}
	}
	if best == 0 {
		return 1
	}
	return best
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
