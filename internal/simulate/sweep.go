package simulate

import (
	"fmt"
	"runtime"
	"strings"
	"sync"

	"github.com/agentscale/agentscale/internal/simulate/override"
	"github.com/agentscale/agentscale/internal/spec"
)

// Sweep is one --sweep KEY=V1,V2,...: the same run once per value.
type Sweep struct {
	Key    string
	Values []string
}

// ParseSweep reads KEY=V1,V2,... (at least one value).
func ParseSweep(arg string) (Sweep, error) {
	key, vals, ok := strings.Cut(arg, "=")
	if !ok || key == "" || strings.TrimSpace(vals) == "" {
		return Sweep{}, usagef("--sweep %s: want KEY=V1,V2,..., e.g. responder.scaling.keda.triggers[0].metadata.lagThreshold=200,500,1000", arg)
	}
	sw := Sweep{Key: key}
	for _, v := range strings.Split(vals, ",") {
		sw.Values = append(sw.Values, strings.TrimSpace(v))
	}
	if len(sw.Values) > MaxSweepValues {
		return Sweep{}, usagef("--sweep %s: %d values; at most %d, each one a run", key, len(sw.Values), MaxSweepValues)
	}
	return sw, nil
}

// Runner runs one simulation of a swarm (Run), or of objects on the
// cluster a document describes (OnCluster).
type Runner func(*spec.Swarm, Options) (*Result, error)

// OnCluster runs in on the node pools and spec.cluster settings of c (a
// kind: Cluster document or a swarm; nil: the pools the objects'
// annotations describe and upstream's settings).
func OnCluster(in Input) Runner {
	return func(c *spec.Swarm, opts Options) (*Result, error) {
		if c != nil {
			in.Pools = c.Spec.NodePools
			if opts.Settings == nil {
				set := SettingsFor(c.Spec.Cluster)
				opts.Settings = &set
			}
			if in.Name == "" && !c.IsCluster() {
				in.Name = c.Metadata.Name
			}
		}
		return RunObjects(in, opts)
	}
}

// SweepRun is the run for one value.
type SweepRun struct {
	Value  string
	Result *Result
}

// RunSweep applies sets, then each sweep value in turn, and runs them in
// parallel (one goroutine per core). Results keep the order of the values;
// series are dropped, only summaries are kept.
func RunSweep(s *spec.Swarm, sets []override.Set, sw Sweep, opts Options, run Runner) ([]SweepRun, error) {
	if s == nil {
		return nil, usagef("--sweep needs a swarm file, or --cluster FILE for manifests")
	}
	swarms := make([]*spec.Swarm, len(sw.Values))
	for i, v := range sw.Values {
		set, err := override.Parse(sw.Key + "=" + v)
		if err != nil {
			return nil, usagef("--sweep: %v", strings.TrimPrefix(err.Error(), "--set "))
		}
		if swarms[i], err = override.Apply(s, append(append([]override.Set(nil), sets...), set)); err != nil {
			return nil, usagef("--sweep: %v", strings.TrimPrefix(err.Error(), "--set "))
		}
	}
	opts.SummaryOnly = true
	runs := make([]SweepRun, len(swarms))
	errs := make([]error, len(swarms))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i := range swarms {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			res, err := run(swarms[i], opts)
			runs[i], errs[i] = SweepRun{Value: sw.Values[i], Result: res}, err
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("%s=%s: %w", sw.Key, sw.Values[i], err)
		}
	}
	return runs, nil
}
