package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	appsv1 "k8s.io/api/apps/v1"

	"github.com/agentscale/agentscale/internal/keda"
	"github.com/agentscale/agentscale/internal/lint"
	"github.com/agentscale/agentscale/internal/manifest"
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
	window   string
	sets     []string
	ctrl     []string
	sweep    string
	cluster  string
}

func newSimulateCmd(s streams, _ *config) *cobra.Command {
	o := &simulateOptions{}
	cmd := &cobra.Command{
		Use:   "simulate FILE|MANIFEST... --load FILE|PATTERN",
		Short: "Simulate the autoscalers (HPA, KEDA, Cluster Autoscaler) under a load",
		Long: `Simulate replays a load against the swarm's autoscalers as the real
controllers compute them: the HPA (with and without behavior), KEDA's
activation, cooldown and scalers, pod start-up, the scheduler and the
Cluster Autoscaler. It prints, per role, the peak and final backlog, queueing
times, replica- and node-hours, cost and scale events, then findings: what
went wrong (pinned at max, a full pool, a lag target starving the role,
flapping, a backlog never drained) and the change to make.

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
--plot draws the run, zoomed to where things change; --window 5m..40m
chooses the stretch. docs/simulate.md lists every modelled rule and its
source.

Instead of a swarm file, simulate reads Kubernetes manifests (files or
directories; - for stdin): Deployments, StatefulSets, HPAs, ScaledObjects,
ScaledJobs, PodDisruptionBudgets and PriorityClasses, whether from
agentscale render, Helm or by hand. --cluster FILE gives their node pools
and controller settings: a kind: Cluster document or a swarm file. What a
manifest cannot say comes from agentscale.dev/* annotations (render writes
them) or defaults: docs/simulate.md lists them.

Exit codes: 0 done, 1 the swarm or the load file is invalid, 2 bad flags or
an unreadable path.`,
		Example: `  agentscale simulate swarm.yaml --load spike:20+500@5m/2m
  agentscale simulate swarm.yaml --role responder --load load.csv -o csv > series.csv
  agentscale simulate swarm.yaml --load ramp:0..300/20m --plot run.png
  agentscale simulate swarm.yaml --load daily:20..400 --duration 24h --plot day.png --window 6h..18h
  agentscale simulate swarm.yaml --load spike:20+500@5m/10m \
      --sweep responder.scaling.keda.triggers[0].metadata.lagThreshold=200,500,1000`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return reportProblem(s, o.run(s, inputFiles(cmd, args)))
		},
	}
	takes(cmd, operands{noun: "a swarm FILE or manifests", hint: "(files, directories, or - for stdin)", min: 1, max: -1})
	fileFlag(cmd, "a swarm file, manifest or directory to simulate")
	f := cmd.Flags()
	f.StringSliceVar(&o.roles, "role", nil, "roles to drive and report (repeatable; default: the roles the load file names, else every autoscaled role)")
	_ = cmd.RegisterFlagCompletionFunc("role", completeRoles)
	f.StringVar(&o.load, "load", "", "load CSV file (seconds,arrivals_per_second[,role]) or pattern ("+load.Patterns+")")
	f.DurationVar(&o.duration, "duration", simulate.DefaultDuration*time.Second, "simulated time")
	f.DurationVar(&o.step, "step", simulate.DefaultStep*time.Second, "time step (whole seconds)")
	envFlag(cmd, &o.env, "apply the named environment first")
	enumVar(cmd, &o.output, "output", "o", "text", output.Formats, "output format: "+strings.Join(output.Formats, ", "))
	enumOldName(cmd, "output", "table", "text")
	f.StringVar(&o.plot, "plot", "", "also draw the run to FILE.svg or FILE.png")
	f.StringVar(&o.window, "window", "", "the stretch --plot draws, FROM..TO (5m..40m; default: zoomed to where things change)")
	arrayVar(f, &o.sets, "set", "", "override a field for the run, KEY=VALUE (repeatable)")
	arrayVar(f, &o.ctrl, "controller", "", "set a controller flag for the run, KEY=VALUE (repeatable; e.g. hpa.syncPeriod=30s)")
	f.StringVar(&o.cluster, "cluster", "", "with manifests: the node pools and controller settings, a kind: Cluster document or a swarm file")
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
	if o.window != "" {
		if o.plot == "" {
			return opts, nil, errors.New("--window chooses what --plot draws: give --plot FILE.png too")
		}
		if _, err := plot.ParseWindow(o.window); err != nil {
			return opts, nil, err
		}
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

func (o *simulateOptions) run(s streams, paths []string) error {
	opts, sets, err := o.check()
	if err != nil {
		return usage(err)
	}
	if slices.Contains(paths, "-") && o.load == "-" {
		return usage(errors.New("the swarm or manifests and the load cannot both come from stdin"))
	}
	srcs, unread, err := lint.Read(paths, s.in)
	if err != nil {
		return usage(err)
	}
	if len(unread) > 0 { // a load on part of the swarm would mislead
		return usage(errors.New(unread[0].String()))
	}
	if len(srcs) == 1 && srcs[0].Err == nil && spec.LooksLikeSwarm(srcs[0].Data) {
		if o.cluster != "" {
			return usage(errors.New("--cluster is for manifests: a swarm file holds its own node pools and spec.cluster"))
		}
		sw, errs := spec.Parse(srcs[0].Name, srcs[0].Data, spec.Options{Env: o.env})
		if len(errs) > 0 {
			return problem(errs)
		}
		return o.runSwarm(s, sw, sets, opts)
	}
	for _, src := range srcs {
		if src.Err == nil && spec.LooksLikeSwarm(src.Data) {
			return usage(fmt.Errorf("%s is a swarm file among %d inputs: simulate takes one swarm FILE, or manifests (with --cluster SWARM for its node pools and settings)", src.Name, len(srcs)))
		}
	}
	if o.env != "" {
		return usage(errors.New("--env applies a swarm's environment; manifests have none"))
	}
	in, docs, err := readManifests(srcs)
	if err != nil {
		return err
	}
	// The cluster document carries --set and --sweep: node pools and
	// spec.cluster are what can change for manifests.
	var cl *spec.Swarm
	if o.cluster != "" {
		if cl, err = loadSwarm(s, o.cluster, ""); err != nil {
			return err
		}
	} else if len(sets) > 0 || o.sweep != "" {
		cl = &spec.Swarm{APIVersion: spec.APIVersion, Kind: spec.KindCluster, Metadata: spec.Metadata{Name: "cluster"}}
	}
	run := simulate.OnCluster(in)
	return o.simulate(s, cl, sets, opts, func(c *spec.Swarm, opts simulate.Options) (*simulate.Result, error) {
		res, err := run(c, opts)
		var oe *simulate.ObjectError
		if errors.As(err, &oe) && docs[oe.Obj] != nil {
			d := docs[oe.Obj]
			return nil, &spec.Error{Pos: d.Pos(oe.Path), Path: oe.Path, Msg: d.Kind + " " + oe.Obj.GetName() + ": " + oe.Msg}
		}
		return res, err
	})
}

// runSwarm simulates a swarm file.
func (o *simulateOptions) runSwarm(s streams, sw *spec.Swarm, sets []override.Set, opts simulate.Options) error {
	if err := simulate.CheckTriggers(sw); err != nil {
		return problem(err)
	}
	return o.simulate(s, sw, sets, opts, simulate.Run)
}

// simulate applies --set and --sweep to doc (a swarm, or the cluster
// manifests run on; nil for none) and runs.
func (o *simulateOptions) simulate(s streams, doc *spec.Swarm, sets []override.Set, opts simulate.Options, run simulate.Runner) error {
	// From here a positioned swarm error can only come from --set or --sweep.
	flagged := len(sets) > 0 || o.sweep != ""
	var err error
	if opts.Load, err = load.Open(o.load, s.in); err != nil {
		return simulateError(err, false)
	}
	if o.sweep != "" {
		sweep, err := simulate.ParseSweep(o.sweep)
		if err != nil {
			return usage(err)
		}
		runs, err := simulate.RunSweep(doc, sets, sweep, opts, run)
		if err != nil {
			return simulateError(err, flagged)
		}
		return output.WriteSweep(s.out, o.output, sweep.Key, runs)
	}
	if doc != nil {
		if doc, err = override.Apply(doc, sets); err != nil {
			return usage(err)
		}
	}
	res, err := run(doc, opts)
	if err != nil {
		return simulateError(err, flagged)
	}
	if o.plot != "" {
		var win plot.Window
		if o.window != "" {
			win, _ = plot.ParseWindow(o.window) // checked in check
		}
		if err := plot.WriteFile(o.plot, res, win); err != nil {
			return usage(err)
		}
	}
	return output.Write(s.out, o.output, res)
}

// readManifests parses manifest files into the objects simulate reads,
// and the document of each (for positions); parse errors are input
// problems with their positions.
func readManifests(srcs []lint.Source) (simulate.Input, map[simulate.Object]*manifest.Document, error) {
	var in simulate.Input
	docsOf := map[simulate.Object]*manifest.Document{}
	var errs spec.ErrorList
	for _, src := range srcs {
		if src.Err != nil {
			errs = append(errs, src.Err)
			continue
		}
		docs, perrs := manifest.Parse(src.Name, src.Data)
		errs = append(errs, perrs...)
		for _, d := range docs {
			in.Objects = append(in.Objects, d.Obj)
			docsOf[d.Obj] = d
		}
	}
	if len(errs) > 0 {
		return in, nil, problem(errs)
	}
	for _, o := range in.Objects {
		switch o.(type) {
		case *appsv1.Deployment, *appsv1.StatefulSet, *keda.ScaledJob:
			return in, docsOf, nil
		}
	}
	at := spec.Pos{File: srcs[0].Name, Line: 1, Col: 1}
	return in, nil, problem(spec.ErrorList{{Pos: at, Msg: "no Deployment, StatefulSet or KEDA ScaledJob: nothing to simulate"}})
}

// simulateError maps an error to its exit code: a bad swarm or load file
// is the input's problem (1); everything else is a request the tool could
// not carry out (2), including a swarm error that a --set value caused.
func simulateError(err error, flagged bool) error {
	var se *spec.Error
	if load.IsFileError(err) || (spec.IsInputError(err) && !flagged) {
		return problem(err)
	}
	if errors.As(err, &se) {
		return usage(fmt.Errorf("--set/--sweep: %s: %s", se.Path, se.Msg))
	}
	return usage(err)
}
