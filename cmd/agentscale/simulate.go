package main

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/agentscale/agentscale/internal/simulate"
	"github.com/agentscale/agentscale/internal/simulate/load"
	"github.com/agentscale/agentscale/internal/simulate/output"
	"github.com/agentscale/agentscale/internal/simulate/override"
	"github.com/agentscale/agentscale/internal/simulate/plot"
	"github.com/agentscale/agentscale/internal/spec"
)

// simulateOptions are simulate's flags.
type simulateOptions struct {
	roles    []string
	load     string
	duration time.Duration
	step     time.Duration
	env      string
	output   string
	plot     string
	sets     []string
	ctrl     []string
	sweep    string
}

func newSimulateCmd(s streams, _ *config) *cobra.Command {
	o := &simulateOptions{}
	cmd := &cobra.Command{
		Use:   "simulate FILE --load FILE|PATTERN",
		Short: "Simulate the autoscalers (HPA, KEDA, Cluster Autoscaler) under a load",
		Long: `Simulate replays a load against the swarm's autoscalers as the real
controllers compute them: the HPA (with and without behavior), KEDA's
activation, cooldown and scalers, pod start-up, the scheduler and the
Cluster Autoscaler. It prints, per role, the peak and final backlog, queueing
times, replica- and node-hours, cost and scale events.

--load is a CSV of seconds,arrivals_per_second[,role] or a pattern:
  steady:20                 20 tasks/s throughout
  ramp:0..200/10m           0 rising to 200 over 10 minutes, then 200
  spike:20+500@5m/2m        20, plus 500 from 5m for 2 minutes
  daily:20..200[@14h]       a day-long wave between 20 and 200, peaking at 14h

--set KEY=VALUE changes a field for the run (ROLE.path as in the file,
nodePools.NAME.field, headroom.field, cluster.CONTROLLER.field); --sweep
KEY=V1,V2,... runs once per value and prints a comparison. --controller
KEY=VALUE sets one of the cluster's controller flags (spec.cluster), e.g.
hpa.syncPeriod=30s or clusterAutoscaler.scaleDownUnneededTime=5m; unset
ones are upstream's defaults. -o csv and -o json print the time series.
docs/simulate.md lists every modelled rule and its source.

Exit codes: 0 done, 1 the swarm or the load file is invalid, 2 bad flags or
an unreadable path.`,
		Example: `  agentscale simulate swarm.yaml --load spike:20+500@5m/2m
  agentscale simulate swarm.yaml --role responder --load load.csv -o csv > series.csv
  agentscale simulate swarm.yaml --load ramp:0..300/20m --plot run.png
  agentscale simulate swarm.yaml --load spike:20+500@5m/10m \
      --sweep responder.scaling.keda.triggers[0].metadata.lagThreshold=200,500,1000`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usage(fmt.Errorf("simulate needs one swarm FILE (or - for stdin), got %d", len(args)))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return reportProblem(s, o.run(s, args[0]))
		},
	}
	f := cmd.Flags()
	f.StringSliceVar(&o.roles, "role", nil, "roles to drive and report (repeatable; default: the roles the load file names, else every autoscaled role)")
	f.StringVar(&o.load, "load", "", "load CSV file (seconds,arrivals_per_second[,role]) or pattern ("+load.Patterns+")")
	f.DurationVar(&o.duration, "duration", simulate.DefaultDuration*time.Second, "simulated time")
	f.DurationVar(&o.step, "step", simulate.DefaultStep*time.Second, "time step (whole seconds)")
	f.StringVar(&o.env, "env", "", "apply the named environment first")
	enumVar(cmd, &o.output, "output", "o", "table", output.Formats, "output format: "+strings.Join(output.Formats, ", "))
	f.StringVar(&o.plot, "plot", "", "also draw the run to FILE.svg or FILE.png")
	f.StringArrayVar(&o.sets, "set", nil, "override a field for the run, KEY=VALUE (repeatable)")
	f.StringArrayVar(&o.ctrl, "controller", nil, "set a controller flag for the run, KEY=VALUE (repeatable; e.g. hpa.syncPeriod=30s)")
	f.StringVar(&o.sweep, "sweep", "", "run once per value, KEY=V1,V2,..., and compare (cluster.hpa.tolerance=0.05,0.1)")
	return cmd
}

// check validates the flags before any file is read.
func (o *simulateOptions) check() (simulate.Options, []override.Set, error) {
	var opts simulate.Options
	if o.load == "" {
		return opts, nil, fmt.Errorf("--load is required: a CSV file or a pattern (%s)", load.Patterns)
	}
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"--step", o.step}, {"--duration", o.duration}} {
		if d.v < time.Second || d.v%time.Second != 0 {
			return opts, nil, fmt.Errorf("%s %s: want whole seconds, at least 1s", d.name, d.v)
		}
	}
	if o.plot != "" && plot.Format(o.plot) == "" {
		return opts, nil, fmt.Errorf("--plot %s: name a .svg or .png file", o.plot)
	}
	if o.plot != "" && o.sweep != "" {
		return opts, nil, errors.New("--plot draws one run; it cannot be combined with --sweep")
	}
	var sets []override.Set
	for _, arg := range o.ctrl {
		set, err := override.ParseController(arg)
		if err != nil {
			return opts, nil, err
		}
		sets = append(sets, set)
	}
	for _, arg := range o.sets {
		set, err := override.Parse(arg)
		if err != nil {
			return opts, nil, err
		}
		sets = append(sets, set)
	}
	opts = simulate.Options{Roles: o.roles, Duration: int64(o.duration / time.Second), Step: int64(o.step / time.Second)}
	return opts, sets, nil
}

func (o *simulateOptions) run(s streams, path string) error {
	opts, sets, err := o.check()
	if err != nil {
		return usage(err)
	}
	if path == "-" && o.load == "-" {
		return usage(errors.New("the swarm and the load cannot both come from stdin"))
	}
	sw, err := loadSwarm(s, path, o.env)
	if err != nil {
		return err
	}
	if err := simulate.CheckTriggers(sw); err != nil {
		return problem(err)
	}
	// From here a positioned swarm error can only come from --set or --sweep.
	flagged := len(sets) > 0 || o.sweep != ""
	if opts.Load, err = load.Open(o.load, s.in); err != nil {
		return simulateError(err, false)
	}
	if o.sweep != "" {
		sweep, err := simulate.ParseSweep(o.sweep)
		if err != nil {
			return usage(err)
		}
		runs, err := simulate.RunSweep(sw, sets, sweep, opts)
		if err != nil {
			return simulateError(err, flagged)
		}
		return output.WriteSweep(s.out, o.output, sweep.Key, runs)
	}
	if sw, err = override.Apply(sw, sets); err != nil {
		return usage(err)
	}
	res, err := simulate.Run(sw, opts)
	if err != nil {
		return simulateError(err, flagged)
	}
	if o.plot != "" {
		if err := plot.WriteFile(o.plot, res); err != nil {
			return usage(fmt.Errorf("cannot write plot: %w", err))
		}
	}
	return output.Write(s.out, o.output, res)
}

// simulateError maps an error to its exit code: a bad swarm or load file
// is the input's problem (1); everything else is a request the tool could
// not carry out (2), including a swarm error that a --set value caused.
func simulateError(err error, flagged bool) error {
	var se *spec.Error
	if load.IsFileError(err) || (errors.As(err, &se) && !flagged) {
		return problem(err)
	}
	if errors.As(err, &se) {
		return usage(fmt.Errorf("--set/--sweep: %s: %s", se.Path, se.Msg))
	}
	return usage(err)
}
