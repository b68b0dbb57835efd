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
		if err := Write(&a, format, res, Window{}); err != nil {
			t.Fatal(err)
		}
		if err := Write(&b, format, res, Window{}); err != nil {
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
	if err := WriteFile(filepath.Join(dir, "run.txt"), run(t), Window{}); err == nil {
		t.Error("a .txt plot must be refused")
	}
	p := filepath.Join(dir, "run.svg")
	if err := WriteFile(p, run(t), Window{}); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	// Missing folders are made, like --out-dir's.
	if err := WriteFile(filepath.Join(dir, "missing", "run.png"), run(t), Window{}); err != nil {
		t.Errorf("a missing folder: %v", err)
	}
	// A failure names the path asked for, not the temporary file.
	bad := filepath.Join(p, "run.png")
	err := WriteFile(bad, run(t), Window{})
	if want := "cannot write " + bad + ": not a directory"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

func TestDownsampleKeepsPeaks(t *testing.T) {
	n := 10 * maxPoints
	xys := downsample(0, n, func(i int) float64 { return float64(i) }, func(i int) float64 {
		if i == 6789 {
			return 99
		}
		return 1
	})
	if len(xys) > maxPoints+1 {
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
	for _, tt := range []struct {
		min, max float64
		whole    bool
		want     string
	}{
		{0, 3, true, "0 1 2 3"},
		{0, 26, true, "0 5 10 15 20 25"},
		{0, 5600, false, "0 1000 2000 3000 4000 5000"},
		{0, 330000, false, "0 50k 100k 150k 200k 250k 300k"},
		{0, 1.1, false, "0 0.2 0.4 0.6 0.8 1"},
		{0, 1.1, true, "0 1"},
		{0, 66, true, "0 10 20 30 40 50 60"},
	} {
		var labels []string
		for _, tk := range (ticks{whole: tt.whole}).Ticks(tt.min, tt.max) {
			if tk.Label != "" {
				labels = append(labels, tk.Label)
			}
			if tt.whole && tk.Value != float64(int(tk.Value)) {
				t.Errorf("Ticks(%g, %g): a tick at %g on a count axis", tt.min, tt.max, tk.Value)
			}
		}
		if got := strings.Join(labels, " "); got != tt.want {
			t.Errorf("Ticks(%g, %g, whole %t) labels = %q, want %q", tt.min, tt.max, tt.whole, got, tt.want)
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

func runOf(t *testing.T, file, pattern string, seconds int64) *simulate.Result {
	t.Helper()
	s, err := spec.Load(file, nil, spec.Options{})
	if err != nil {
		t.Fatal(err)
	}
	l, err := load.ParsePattern(pattern)
	if err != nil {
		t.Fatal(err)
	}
	res, err := simulate.Run(s, simulate.Options{Load: l, Duration: seconds, Step: 1})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// describe lists the panels as "title [legend, …]".
func describe(panels []*chart) string {
	var out []string
	for _, p := range panels {
		out = append(out, p.Title.Text+" ["+strings.Join(p.names, ", ")+"]")
	}
	return strings.Join(out, "\n")
}

func TestPanels(t *testing.T) {
	for _, tc := range []struct {
		name string
		res  *simulate.Result
		want string
	}{
		{"a backlog and replicas per role, the max over desired, pending when pods waited, nodes per pool",
			runOf(t, "../../../examples/headroom-node-pools.yaml", "spike:10+200@5m/10m", 1800), `load [every role]
router — backlog []
router — replicas [desired, ready, pending, max 30]
vision — backlog []
vision — replicas [desired, ready, pending, max 6]
nodes per pool [general, gpu, max 6]`},
		{"no pools: no nodes panel; a max far above the peak is named, not drawn",
			runOf(t, "../../../examples/kafka-worker.yaml", "steady:5", 600), `load [responder]
responder — backlog []
responder — replicas (max 24, off scale) [desired, ready]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, err := Window{}.resolve(tc.res)
			if err != nil {
				t.Fatal(err)
			}
			if got := describe(build(tc.res, w)); got != tc.want {
				t.Errorf("panels:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

func TestParseWindow(t *testing.T) {
	for _, tc := range []struct {
		in       string
		from, to int64
		err      string
	}{
		{"5m..40m", 300, 2400, ""},
		{"..30m", 0, 1800, ""},
		{"1h..", 3600, -1, ""},
		{"5m", 0, 0, "want FROM..TO"},
		{"40m..5m", 0, 0, "the end must come after the start"},
		{"1.5s..1m", 0, 0, "not a whole number of seconds"},
		{"x..1m", 0, 0, "not a whole number of seconds"},
	} {
		w, err := ParseWindow(tc.in)
		switch {
		case tc.err != "":
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseWindow(%q) error %v, want %q", tc.in, err, tc.err)
			}
		case err != nil:
			t.Errorf("ParseWindow(%q): %v", tc.in, err)
		case w.From != tc.from || w.To != tc.to || !w.Set:
			t.Errorf("ParseWindow(%q) = %+v, want %d..%d", tc.in, w, tc.from, tc.to)
		}
	}
}

func TestWindows(t *testing.T) {
	// A spike early in a long run: the plot zooms to it and its aftermath.
	spike := runOf(t, "../../../examples/hpa-cpu-memory.yaml", "spike:10+100@10m/5m", 3*3600)
	w, _ := Window{}.resolve(spike)
	if !w.zoomed(spike) || w.from != 0 || w.to%60 != 0 || w.to < 90*60 || w.to > 2*3600 {
		t.Errorf("zoom %+v: want 0 to about 1h55m, on a whole minute", w)
	}
	// Something happens all along: the whole run.
	steady := runOf(t, "../../../examples/kafka-worker.yaml", "steady:10", 1800)
	if w, _ := (Window{}).resolve(steady); w.zoomed(steady) {
		t.Errorf("a run busy to its end zoomed to %+v", w)
	}
	// A chosen window is cut to the run, and one past its end is refused.
	if w, _ := (Window{From: 600, To: -1, Set: true}).resolve(steady); w != (window{600, 1800}) {
		t.Errorf("--window 10m..: %+v", w)
	}
	if _, err := (Window{From: 3600, To: -1, Set: true}).resolve(steady); err == nil || !strings.Contains(err.Error(), "after the run ends") {
		t.Errorf("--window past the end: %v", err)
	}
}
