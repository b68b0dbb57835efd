package plot

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/agentscale/agentscale/internal/simulate"
)

// build makes the four panels: load and backlog have different units and
// scales (a backlog of 100,000 flattens a load of 500), so they get a panel
// each; replicas and nodes follow on the same time axis.
func build(res *simulate.Result) []*plot.Plot {
	unit, div := timeUnit(res.Duration)
	x := func(i int) float64 { return float64(int64(i)*res.Step) / div }
	load := panel("load", "arrivals / s", "", false)
	backlog := panel("backlog", "tasks waiting", "", false)
	replicas := panel("replicas: desired (solid), ready (dashed), max (dotted)", "pods", "", true)
	nodes := panel("nodes", "nodes", "time ("+unit+")", true)
	ready := []vg.Length{vg.Points(5), vg.Points(3)}
	dotted := []vg.Length{vg.Points(1), vg.Points(3)}
	for k, r := range res.Roles {
		c := palette[k%len(palette)]
		s := r.Series
		legend(load, r.Name, addLine(load, downsample(len(s.Arrivals), x, func(i int) float64 { return s.Arrivals[i] }), c, nil))
		legend(backlog, r.Name, addLine(backlog, downsample(len(s.Backlog), x, func(i int) float64 { return s.Backlog[i] }), c, nil))
		legend(replicas, r.Name, addLine(replicas, downsample(len(s.Desired), x, func(i int) float64 { return float64(s.Desired[i]) }), c, nil))
		addLine(replicas, downsample(len(s.Ready), x, func(i int) float64 { return float64(s.Ready[i]) }), c, ready)
		addLine(replicas, plotter.XYs{{X: 0, Y: float64(r.Max)}, {X: x(res.Steps - 1), Y: float64(r.Max)}}, c, dotted)
	}
	for k, p := range res.Pools {
		if p.Summary.PeakNodes == 0 {
			continue
		}
		c := palette[(len(res.Roles)+k)%len(palette)]
		legend(nodes, "pool "+p.Name, addLine(nodes, downsample(len(p.Nodes), x, func(i int) float64 { return float64(p.Nodes[i]) }), c, nil))
	}
	panels := []*plot.Plot{load, backlog, replicas, nodes}
	for _, p := range panels {
		// Room above the lines for the legend.
		p.Y.Max = max(p.Y.Max*1.3, 1)
	}
	return panels
}

func panel(title, y, x string, whole bool) *plot.Plot {
	p := plot.New()
	p.Y.Tick.Marker = ticks{whole: whole}
	p.X.Tick.Marker = timeTicks{}
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = vg.Points(12)
	p.Y.Label.Text = y
	p.X.Label.Text = x
	p.Y.Min = 0
	p.Legend.Top = true
	p.Legend.Left = true
	p.Legend.TextStyle.Font.Size = vg.Points(9)
	p.Add(plotter.NewGrid())
	return p
}

func addLine(p *plot.Plot, xys plotter.XYs, c color.Color, dashes []vg.Length) *plotter.Line {
	l, err := plotter.NewLine(xys)
	if err != nil {
		return nil // no finite points: nothing to draw
	}
	l.LineStyle.Color = c
	l.LineStyle.Width = vg.Points(1.5)
	l.LineStyle.Dashes = dashes
	l.StepStyle = plotter.PostStep
	p.Add(l)
	return l
}

func legend(p *plot.Plot, name string, l *plotter.Line) {
	if l != nil {
		p.Legend.Add(name, l)
	}
}

// timeUnit picks minutes up to 3 hours and hours beyond.
func timeUnit(seconds int64) (string, float64) {
	if seconds > 3*3600 {
		return "hours", 3600
	}
	return "minutes", 60
}

// downsample keeps at most maxPoints points, each the peak of its bucket,
// so a spike shorter than a pixel still shows.
func downsample(n int, x func(int) float64, y func(int) float64) plotter.XYs {
	if n == 0 {
		return nil
	}
	size := (n + maxPoints - 1) / maxPoints
	out := make(plotter.XYs, 0, n/size+1)
	for start := 0; start < n; start += size {
		v := y(start)
		for i := start + 1; i < min(start+size, n); i++ {
			v = max(v, y(i))
		}
		out = append(out, plotter.XY{X: x(start), Y: v})
	}
	return out
}
