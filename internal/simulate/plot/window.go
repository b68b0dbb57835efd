package plot

import (
	"fmt"
	"strings"
	"time"

	"github.com/agentscale/agentscale/internal/simulate"
)

// Window is the stretch of a run to draw, in seconds from its start; the
// zero Window zooms to the run's interesting part (see interesting).
type Window struct {
	From, To int64
	// Set marks a window a person chose (--window).
	Set bool
}

// ParseWindow reads --window: FROM..TO as durations (5m..40m), either
// side may be left out (..30m, 1h..).
func ParseWindow(s string) (Window, error) {
	from, to, ok := strings.Cut(s, "..")
	if !ok {
		return Window{}, fmt.Errorf("--window %s: want FROM..TO, e.g. 5m..40m (either side may be left out)", s)
	}
	w := Window{To: -1, Set: true}
	for _, side := range []struct {
		text string
		v    *int64
	}{{from, &w.From}, {to, &w.To}} {
		if side.text == "" {
			continue
		}
		d, err := time.ParseDuration(side.text)
		if err != nil || d < 0 || d%time.Second != 0 {
			return Window{}, fmt.Errorf("--window %s: %q is not a whole number of seconds, e.g. 90s or 5m", s, side.text)
		}
		*side.v = int64(d / time.Second)
	}
	if w.To >= 0 && w.To <= w.From {
		return Window{}, fmt.Errorf("--window %s: the end must come after the start", s)
	}
	return w, nil
}

// window is a resolved Window: within the run, From < To.
type window struct{ from, to int64 }

// resolve fits w to res; a chosen window that misses the run is an error.
func (w Window) resolve(res *simulate.Result) (window, error) {
	if !w.Set {
		return interesting(res), nil
	}
	to := w.To
	if to < 0 || to > res.Duration {
		to = res.Duration
	}
	if w.From >= to {
		return window{}, fmt.Errorf("--window starts at %s, after the run ends (%s)", time.Duration(w.From)*time.Second, time.Duration(res.Duration)*time.Second)
	}
	return window{w.From, to}, nil
}

// zoomBelow is the share of the run the interesting part must stay under
// for the plot to zoom: a picture of 90% of the run may as well show it all.
const zoomBelow = 0.7

// interesting is the part of the run where something happens: from a
// little before the first change (of a load, a replica count, a pool's
// nodes) or waiting task to a little after the last, when that is well
// short of the whole run.
func interesting(res *simulate.Result) window {
	all := window{0, res.Duration}
	first, last := -1, -1
	mark := func(i int) {
		if first < 0 || i < first {
			first = i
		}
		last = max(last, i)
	}
	for _, r := range res.Roles {
		s := r.Series
		for i := 1; i < len(s.Desired); i++ {
			if s.Arrivals[i] != s.Arrivals[i-1] || s.Desired[i] != s.Desired[i-1] || s.Ready[i] != s.Ready[i-1] ||
				s.Pending[i] != s.Pending[i-1] || s.Backlog[i] >= 1 {
				mark(i)
			}
		}
	}
	for _, p := range res.Pools {
		for i := 1; i < len(p.Nodes); i++ {
			if p.Nodes[i] != p.Nodes[i-1] {
				mark(i)
			}
		}
	}
	if first < 0 {
		return all
	}
	from, to := int64(first)*res.Step, int64(last+1)*res.Step
	pad := max((to-from)/10, 60)
	// Whole minutes (five past an hour's span), so the axis ends on a tick.
	unit := int64(60)
	if to-from > 3600 {
		unit = 300
	}
	w := window{max(0, (from-pad)/unit*unit), min(res.Duration, (to+pad+unit-1)/unit*unit)}
	if float64(w.to-w.from) >= zoomBelow*float64(res.Duration) {
		return all
	}
	return w
}

// zoomed reports whether w shows less than the whole run.
func (w window) zoomed(res *simulate.Result) bool {
	return w.from > 0 || w.to < res.Duration
}
