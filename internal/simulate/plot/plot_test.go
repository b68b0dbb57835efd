package plot

import (
	"bytes"
	"flag"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/agentscale/agentscale/internal/simulate"
	"github.com/agentscale/agentscale/internal/simulate/load"
	"github.com/agentscale/agentscale/internal/spec"
)

var _ = flag.Bool("update", false, "rewrite golden files (none in this package)")

func run(t testing.TB) *simulate.Result {
	s, err := spec.Load("../../../examples/market-research.yaml", nil, spec.Options{})
	if err != nil {
		t.Fatal(err)
	}
	l, _ := load.ParsePattern("spike:20+500@5m/10m")
	res, err := simulate.Run(s, simulate.Options{Load: l, Duration: 3600, Step: 1})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestWrite(t *testing.T) {
	res := run(t)
	for _, format := range []string{"svg", "png"} {
		var a, b bytes.Buffer
		if err := Write(&a, format, res); err != nil {
			t.Fatal(err)
		}
		if err := Write(&b, format, res); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: two draws differ", format)
		}
		if format == "png" {
			img, err := png.Decode(&a)
			if err != nil {
				t.Fatal(err)
			}
			if w := img.Bounds().Dx(); w != 1210 {
				t.Errorf("png width %d", w)
			}
		} else if s := a.String(); !strings.Contains(s, "<svg") || !strings.Contains(s, "responder") || !strings.Contains(s, "time (minutes)") {
			t.Error("svg lacks the legend or the axis")
		}
	}
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	if err := WriteFile(filepath.Join(dir, "run.txt"), run(t)); err == nil {
		t.Error("a .txt plot must be refused")
	}
	p := filepath.Join(dir, "run.svg")
	if err := WriteFile(p, run(t)); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	if err := WriteFile(filepath.Join(dir, "missing", "run.png"), run(t)); err == nil {
		t.Error("an unwritable path must fail")
	}
}

func TestDownsampleKeepsPeaks(t *testing.T) {
	n := 10 * maxPoints
	xys := downsample(n, func(i int) float64 { return float64(i) }, func(i int) float64 {
		if i == 6789 {
			return 99
		}
		return 1
	})
	if len(xys) > maxPoints {
		t.Errorf("%d points", len(xys))
	}
	peak := 0.0
	for _, p := range xys {
		peak = max(peak, p.Y)
	}
	if peak != 99 {
		t.Error("a one-step spike must survive downsampling")
	}
}

func TestTicks(t *testing.T) {
	for v, want := range map[float64]string{250000: "250k", 1500: "1500", 2e6: "2M", 0.5: "0.5"} {
		if got := human(v); got != want {
			t.Errorf("human(%g) = %s, want %s", v, got, want)
		}
	}
	for _, tk := range (ticks{whole: true}).Ticks(0, 3) {
		if tk.Label != "" && strings.Contains(tk.Label, ".") {
			t.Errorf("fractional label %q on a count axis", tk.Label)
		}
	}
}

func TestTimeTicks(t *testing.T) {
	for _, tt := range []struct {
		min, max float64
		want     string // the labels, in order
	}{
		{0, 30, "0 5 10 15 20 25 30"},
		{0, 120, "0 20 40 60 80 100 120"},
		{0, 24, "0 5 10 15 20"},
		{0, 7, "0 1 2 3 4 5 6 7"},
	} {
		var labels []string
		for _, tk := range (timeTicks{}).Ticks(tt.min, tt.max) {
			if tk.Label != "" {
				labels = append(labels, tk.Label)
			}
		}
		if got := strings.Join(labels, " "); got != tt.want {
			t.Errorf("Ticks(%g, %g) labels = %q, want %q", tt.min, tt.max, got, tt.want)
		}
	}
}
