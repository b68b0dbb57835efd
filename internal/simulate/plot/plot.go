package plot

import (
	"fmt"
	"image/color"
	"io"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/agentscale/agentscale/internal/outdir"
	"github.com/agentscale/agentscale/internal/simulate"
	"github.com/agentscale/agentscale/internal/simulate/figures"
)

// Format is the image format for a file name: "svg" or "png", or "" when
// the extension is neither.
func Format(path string) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".svg":
		return "svg"
	case ".png":
		return "png"
	}
	return ""
}

// maxPoints bounds the points per line: more than the picture's pixels
// only makes files larger.
const maxPoints = 1200

// Size of the picture: a fixed width, and a height that grows with the
// panels (two per role) so none is squeezed.
const (
	width       = 11 * vg.Inch
	panelHeight = 2 * vg.Inch
	headHeight  = 0.6 * vg.Inch
	legendWidth = 1.3 * vg.Inch
)

// palette is colour-blind safe (Okabe–Ito); role i takes palette[i%len].
var palette = []color.Color{
	color.RGBA{0, 114, 178, 255},   // blue
	color.RGBA{213, 94, 0, 255},    // vermillion
	color.RGBA{0, 158, 115, 255},   // green
	color.RGBA{204, 121, 167, 255}, // purple
	color.RGBA{230, 159, 0, 255},   // orange
	color.RGBA{86, 180, 233, 255},  // sky
	color.RGBA{0, 0, 0, 255},       // black
}

// Write draws res in format ("svg" or "png") to w, over win.
func Write(w io.Writer, format string, res *simulate.Result, win Window) error {
	span, err := win.resolve(res)
	if err != nil {
		return err
	}
	panels := build(res, span)
	height := headHeight + vg.Length(len(panels))*panelHeight
	var c vg.CanvasWriterTo
	switch format {
	case "svg":
		c = vgsvg.New(width, height)
	case "png":
		c = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(110))}
	default:
		return fmt.Errorf("plot format %q: want svg or png", format)
	}
	dc := draw.New(c)
	title := fmt.Sprintf("%s — load %s", res.Swarm, res.Load)
	if res.Env != "" {
		title = fmt.Sprintf("%s (env %s) — load %s", res.Swarm, res.Env, res.Load)
	}
	sub := "the whole run, " + figures.Duration(res.Duration)
	if span.zoomed(res) {
		how := "zoomed to where things change; --window FROM..TO to choose"
		if win.Set {
			how = "--window"
		}
		sub = fmt.Sprintf("%s to %s of %s (%s)", figures.Duration(span.from), figures.Duration(span.to), figures.Duration(res.Duration), how)
	}
	dc = header(dc, title, sub)
	tiles := draw.Tiles{Rows: len(panels), Cols: 1, PadY: vg.Points(10), PadTop: vg.Points(4), PadBottom: vg.Points(6), PadLeft: vg.Points(8), PadRight: vg.Points(12)}
	// The legends get a column of their own on the right.
	legends := dc
	legends.Min.X = dc.Max.X - legendWidth
	dc.Max.X -= legendWidth
	grid := make([][]*plot.Plot, len(panels))
	for i, p := range panels {
		grid[i] = []*plot.Plot{p.Plot}
	}
	canvases := plot.Align(grid, tiles, dc)
	for i, p := range panels {
		c := canvases[i][0]
		p.Draw(c)
		strip := legends
		strip.Min.Y, strip.Max.Y = c.Min.Y, c.Max.Y-vg.Points(18) // below the panel's title
		p.legend.Draw(strip)
	}
	_, err = c.WriteTo(w)
	return err
}

// header writes the title and the span shown, and returns the canvas
// below them.
func header(dc draw.Canvas, title, sub string) draw.Canvas {
	sty := draw.TextStyle{Color: color.Black, Font: plot.DefaultFont, Handler: plot.DefaultTextHandler, XAlign: draw.XCenter, YAlign: draw.YTop}
	sty.Font.Size = vg.Points(14)
	dc.FillText(sty, vg.Point{X: dc.Center().X, Y: dc.Max.Y - vg.Points(6)}, title)
	sty.Font.Size = vg.Points(10)
	sty.Color = maxColor
	dc.FillText(sty, vg.Point{X: dc.Center().X, Y: dc.Max.Y - vg.Points(25)}, sub)
	dc.Max.Y -= headHeight
	return dc
}

// WriteFile draws res over win to path, in the format its extension names,
// through a temporary file (outdir.WriteFile): a failure never leaves half
// a picture behind.
func WriteFile(path string, res *simulate.Result, win Window) error {
	format := Format(path)
	if format == "" {
		return fmt.Errorf("--plot %s: name a .svg or .png file", path)
	}
	return outdir.WriteFile(path, func(w io.Writer) error { return Write(w, format, res, win) })
}
