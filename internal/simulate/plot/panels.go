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
	load := panel("load", "arrivals / s", "")
	backlog := panel("backlog", "tasks waiting", "")
	replicas := panel("replicas", "pods", "")
	nodes := panel("nodes", "nodes", "time ("+unit+")")
	for k, r := range res.Roles {
		c := palette[k%len(palette)]
		s := r.Series
		addLine(load, r.Name, downsample(len(s.Arrivals), x, func(i int) float64 { return s.Arrivals[i] }, peak), c, nil)
		addLine(backlog, r.Name, downsample(len(s.Backlog), x, func(i int) float64 { return s.Backlog[i] }, peak), c, nil)
		addLine(replicas, r.Name+" desired", downsample(len(s.Desired), x, func(i int) float64 { return float64(s.Desired[i]) }, peak), c, nil)
		addLine(replicas, r.Name+" ready", downsample(len(s.Ready), x, func(i int) float64 { return float64(s.Ready[i]) }, peak), c, []vg.Length{vg.Points(5), vg.Points(3)})
		addLine(replicas, r.Name+" max", plotter.XYs{{X: 0, Y: float64(r.Max)}, {X: x(res.Steps - 1), Y: float64(r.Max)}}, faded(c), []vg.Length{vg.Points(1), vg.Points(3)})
	}
	for k, p := range res.Pools {
		if p.Summary.PeakNodes == 0 {
			continue
		}
		c := palette[(len(res.Roles)+k)%len(palette)]
		addLine(nodes, "pool "+p.Name, downsample(len(p.Nodes), x, func(i int) float64 { return float64(p.Nodes[i]) }, peak), c, nil)
	}
	return []*plot.Plot{load, backlog, replicas, nodes}
}

func panel(title, y, x string) *plot.Plot {
	p := plot.New()
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

func addLine(p *plot.Plot, name string, xys plotter.XYs, c color.Color, dashes []vg.Length) {
	l, err := plotter.NewLine(xys)
	if err != nil {
		return // no finite points: nothing to draw
	}
	l.LineStyle.Color = c
	l.LineStyle.Width = vg.Points(1.5)
	l.LineStyle.Dashes = dashes
	l.StepStyle = plotter.PostStep
	p.Add(l)
	p.Legend.Add(name, l)
}

func faded(c color.Color) color.Color {
	r, g, b, _ := c.RGBA()
	return color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 140}
}

// timeUnit picks minutes up to 3 hours and hours beyond.
func timeUnit(seconds int64) (string, float64) {
	if seconds > 3*3600 {
		return "hours", 3600
	}
	return "minutes", 60
}

func peak(a, b float64) float64 { return max(a, b) }

// downsample keeps at most maxPoints points, each the peak of its bucket,
// so a spike shorter than a pixel still shows.
func downsample(n int, x func(int) float64, y func(int) float64, agg func(a, b float64) float64) plotter.XYs {
	if n == 0 {
		return nil
	}
	size := (n + maxPoints - 1) / maxPoints
	out := make(plotter.XYs, 0, n/size+1)
	for start := 0; start < n; start += size {
		v := y(start)
		for i := start + 1; i < min(start+size, n); i++ {
			v = agg(v, y(i))
		}
		out = append(out, plotter.XY{X: x(start), Y: v})
	}
	return out
}
