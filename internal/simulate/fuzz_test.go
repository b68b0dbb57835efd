package simulate

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/agentscale/agentscale/internal/build"
	"github.com/agentscale/agentscale/internal/manifest"
	"github.com/agentscale/agentscale/internal/render"
	"github.com/agentscale/agentscale/internal/simulate/load"
	"github.com/agentscale/agentscale/internal/spec"
)

// FuzzRun drives the example swarm with any load the parser accepts, at
// any step, and checks the run's invariants: no panic, no negative or
// non-finite backlog, pods never above the maximum.
func FuzzRun(f *testing.F) {
	f.Add("spike:20+500@5m/2m", uint16(600), uint8(1))
	f.Add("steady:1e12", uint16(300), uint8(7))
	f.Add("0,5,responder\n30,0,scout\n", uint16(120), uint8(2))
	s, err := spec.Load("../../examples/market-research.yaml", nil, spec.Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in string, seconds uint16, step uint8) {
		l, err := load.ParsePattern(in)
		if err != nil {
			if l, err = load.ParseCSV("f.csv", []byte(in)); err != nil {
				return
			}
		}
		res, err := Run(s, Options{Load: l, Duration: int64(seconds%3600) + 1, Step: int64(step%30) + 1})
		if err == nil {
			checkInvariants(t, res, true)
		}
	})
}

// checkInvariants: no negative or non-finite backlog, every desired pod
// exists (pending, starting or ready), and (when bounded) none above max.
func checkInvariants(t *testing.T, res *Result, bounded bool) {
	t.Helper()
	for _, r := range res.Roles {
		for i, b := range r.Series.Backlog {
			if b < 0 || math.IsNaN(b) || math.IsInf(b, 0) {
				t.Fatalf("%s: backlog %g at step %d", r.Name, b, i)
			}
			if (bounded && r.Series.Desired[i] > r.Max) || r.Series.Ready[i]+r.Series.Starting[i]+r.Series.Pending[i] != r.Series.Desired[i] {
				t.Fatalf("%s: desired %d, pods %d+%d+%d at step %d", r.Name, r.Series.Desired[i], r.Series.Ready[i], r.Series.Starting[i], r.Series.Pending[i], i)
			}
		}
	}
}

// FuzzRunManifests reads any manifest text as simulate does and runs it:
// no panic, no unbounded work, the invariants of FuzzRun. Seeds are the
// rendered examples and a hand-written set.
func FuzzRunManifests(f *testing.F) {
	examples, _ := filepath.Glob("../../examples/*.yaml")
	for _, ex := range examples {
		s, err := spec.Load(ex, nil, spec.Options{})
		if err != nil {
			f.Fatal(err)
		}
		objs, err := build.Objects(s, build.Options{})
		if err != nil {
			f.Fatal(err)
		}
		var buf bytes.Buffer
		if err := render.EncodeYAML(&buf, objs); err != nil {
			f.Fatal(err)
		}
		f.Add(buf.Bytes())
	}
	if data, err := os.ReadFile("../../testdata/simulate/manifests/helm-style.yaml"); err == nil {
		f.Add(data)
	}
	l, err := load.ParsePattern("spike:5+200@30s/1m")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		docs, errs := manifest.Parse("m.yaml", data)
		if len(errs) > 0 {
			return
		}
		in := Input{}
		for _, d := range docs {
			in.Objects = append(in.Objects, d.Obj)
		}
		res, err := RunObjects(in, Options{Load: l, Duration: 120, Step: 1})
		if err == nil {
			checkInvariants(t, res, false)
		}
	})
}
