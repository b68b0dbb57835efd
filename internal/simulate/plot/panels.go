package plot

import (
	"fmt"
	"image/color"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/agentscale/agentscale/internal/simulate"
)

// Line styles that mean the same in every panel.
var (
	readyDashes  = []vg.Length{vg.Points(5), vg.Points(3)}
	maxDashes    = []vg.Length{vg.Points(8), vg.Points(5)}
	maxColor     = color.RGBA{40, 40, 40, 255}
	pendingColor = color.RGBA{200, 30, 30, 255}
)

// offScale is how far above the peak a maximum may be and still be drawn:
// a max of 100 over a peak of 5 would flatten the lines into the floor.
const offScale = 3

// build makes the panels, all on one time axis: the load; per role its
// backlog (each its own axis: a backlog of 15M and one of 17k cannot share
// one) and its replicas (desired, ready, pending, and max drawn over them);
// nodes per pool when the swarm has pools.
func build(res *simulate.Result, w window) []*chart {
	unit, div := timeUnit(w.to - w.from)
	first, last := int(w.from/res.Step), int(min((w.to+res.Step-1)/res.Step, int64(res.Steps)))
	x := func(i int) float64 { return float64(int64(i)*res.Step) / div }
	series := func(y func(int) float64) plotter.XYs { return downsample(first, last, x, y) }
	// Job counts rise at each poll and fall as each Job's one task ends: a
	// saw too fine to read, drawn as means over a minute instead.
	perMinute := int(max(1, 60/res.Step))
	means := func(y func(int) float64) plotter.XYs { return bucketMeans(first, last, perMinute, x, y) }

	panels := []*chart{loadPanel(res, series)}
	for k, r := range res.Roles {
		c := palette[k%len(palette)]
		s := r.Series
		b := panel(r.Name+" — backlog", "tasks waiting", false)
		addLine(b, series(func(i int) float64 { return s.Backlog[i] }), c, nil, 1.5)
		counts := series
		if r.Jobs {
			counts = means
		}
		panels = append(panels, b, replicasPanel(r, c, counts))
	}
	if pools := poolsPanel(res, series); pools != nil {
		panels = append(panels, pools)
	}
	for _, p := range panels {
		p.X.Min, p.X.Max = x(first), float64(w.to)/div
		p.Y.Max = max(p.Y.Max*1.1, 1)
	}
	panels[len(panels)-1].X.Label.Text = "time (" + unit + ")"
	return panels
}

// loadPanel draws each role's arrivals, or one line when every role gets
// the same load (lines drawn on top of each other hide all but the last).
func loadPanel(res *simulate.Result, series func(func(int) float64) plotter.XYs) *chart {
	p := panel("load", "arrivals / s", false)
	same := len(res.Roles) > 1
	for _, r := range res.Roles[min(1, len(res.Roles)):] {
		same = same && slices.Equal(r.Series.Arrivals, res.Roles[0].Series.Arrivals)
	}
	if same {
		a := res.Roles[0].Series.Arrivals
		legend(p, "every role", addLine(p, series(func(i int) float64 { return a[i] }), color.Black, nil, 1.5))
		return p
	}
	for k, r := range res.Roles {
		a := r.Series.Arrivals
		legend(p, r.Name, addLine(p, series(func(i int) float64 { return a[i] }), palette[k%len(palette)], nil, 1.5))
	}
	return p
}

// replicasPanel draws a role's desired (solid) and ready (dashed) counts
// in its colour, pending pods in red, and its maximum dashed in grey over
// them, so the maximum shows where desired reaches it.
func replicasPanel(r *simulate.RoleRun, c color.Color, series func(func(int) float64) plotter.XYs) *chart {
	what := "replicas"
	if r.Jobs {
		what = "Jobs (means over a minute)"
	}
	s := r.Series
	p := panel(r.Name+" — "+what, "pods", true)
	// Drawn bottom up: pending, ready, desired, then max over them all.
	var pending *plotter.Line
	if r.Summary.Unschedulable > 0 {
		pending = addLine(p, series(func(i int) float64 { return float64(s.Pending[i]) }), pendingColor, nil, 1.5)
	}
	ready := addLine(p, series(func(i int) float64 { return float64(s.Ready[i]) }), c, readyDashes, 1.5)
	legend(p, "desired", addLine(p, series(func(i int) float64 { return float64(s.Desired[i]) }), c, nil, 2))
	legend(p, "ready", ready)
	legend(p, "pending", pending)
	peak := max(r.Summary.PeakDesired, 1)
	if r.Max <= offScale*peak {
		line := series(func(int) float64 { return float64(r.Max) })
		legend(p, fmt.Sprintf("max %d", r.Max), addLine(p, line, maxColor, maxDashes, 2.5))
	} else {
		p.Title.Text += fmt.Sprintf(" (max %d, off scale)", r.Max)
	}
	return p
}

// poolsPanel draws nodes per pool with each pool's maxNodes, or nil when
// no pool ever had a node (a swarm without pools: capacity not modelled).
func poolsPanel(res *simulate.Result, series func(func(int) float64) plotter.XYs) *chart {
	var p *chart
	for k, pool := range res.Pools {
		if pool.Summary.PeakNodes == 0 || pool.Nodes == nil {
			continue
		}
		if p == nil {
			p = panel("nodes", "nodes", true)
		}
		c := palette[(len(res.Roles)+k)%len(palette)]
		nodes := pool.Nodes
		legend(p, pool.Name, addLine(p, series(func(i int) float64 { return float64(nodes[i]) }), c, nil, 2))
		if int32(pool.Max) <= offScale*pool.Summary.PeakNodes {
			legend(p, fmt.Sprintf("max %d", pool.Max), addLine(p, series(func(int) float64 { return float64(pool.Max) }), c, maxDashes, 1))
		}
	}
	if p != nil {
		p.Title.Text = "nodes per pool"
	}
	return p
}

// chart is a panel and its legend, drawn beside it rather than over its
// lines.
type chart struct {
	*plot.Plot
	legend plot.Legend
	names  []string // the legend's entries, in order
}

func panel(title, y string, whole bool) *chart {
	p := plot.New()
	p.Y.Tick.Marker = ticks{whole: whole}
	p.X.Tick.Marker = timeTicks{}
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = vg.Points(12)
	p.Y.Label.Text = y
	p.Y.Min = 0
	l := plot.NewLegend()
	l.Top, l.Left = true, true
	l.TextStyle.Font.Size = vg.Points(9)
	l.Padding = vg.Points(3)
	l.ThumbnailWidth = vg.Points(24)
	p.Add(plotter.NewGrid())
	return &chart{Plot: p, legend: l}
}

func addLine(p *chart, xys plotter.XYs, c color.Color, dashes []vg.Length, width float64) *plotter.Line {
	l, err := plotter.NewLine(xys)
	if err != nil {
		return nil // no finite points: nothing to draw
	}
	l.LineStyle.Color = c
	l.LineStyle.Width = vg.Points(width)
	l.LineStyle.Dashes = dashes
	l.StepStyle = plotter.PostStep
	p.Add(l)
	return l
}

func legend(p *chart, name string, l *plotter.Line) {
	if l != nil {
		p.legend.Add(name, l)
		p.names = append(p.names, name)
	}
}

// timeUnit picks minutes up to 3 hours and hours beyond.
func timeUnit(seconds int64) (string, float64) {
	if seconds > 3*3600 {
		return "hours", 3600
	}
	return "minutes", 60
}

// bucketMeans averages steps [first, last) over buckets of at least size
// steps (more when needed to keep to maxPoints points).
func bucketMeans(first, last, size int, x func(int) float64, y func(int) float64) plotter.XYs {
	return buckets(first, last, size, x, func(start, end int) float64 {
		var sum float64
		for i := start; i < end; i++ {
			sum += y(i)
		}
		return sum / float64(end-start)
	})
}

// downsample keeps at most maxPoints points of steps [first, last), each
// the peak of its bucket, so a spike shorter than a pixel still shows.
func downsample(first, last int, x func(int) float64, y func(int) float64) plotter.XYs {
	return buckets(first, last, 1, x, func(start, end int) float64 {
		v := y(start)
		for i := start + 1; i < end; i++ {
			v = max(v, y(i))
		}
		return v
	})
}

// buckets cuts steps [first, last) into buckets of at least size steps
// (more when needed to keep to maxPoints points) and gives each the value
// of of(start, end). A post-step line ends where its last point starts, so
// the last value is carried to the window's end.
func buckets(first, last, size int, x func(int) float64, of func(start, end int) float64) plotter.XYs {
	n := last - first
	if n <= 0 {
		return nil
	}
	size = max(size, (n+maxPoints-1)/maxPoints)
	out := make(plotter.XYs, 0, n/size+2)
	for start := first; start < last; start += size {
		out = append(out, plotter.XY{X: x(start), Y: of(start, min(start+size, last))})
	}
	return append(out, plotter.XY{X: x(last), Y: out[len(out)-1].Y})
}
