package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/agentscale/agentscale/internal/scenario"
	"github.com/agentscale/agentscale/internal/spec"
	"github.com/agentscale/agentscale/internal/suggest"
	"github.com/agentscale/agentscale/internal/tune"
)

// tuneOptions are tune's flags.
type tuneOptions struct {
	scenario  string
	varies    []string
	objective string
	env       string
	output    string
	suggest   bool
}

func newTuneCmd(s streams, _ *config) *cobra.Command {
	o := &tuneOptions{}
	cmd := &cobra.Command{
		Use:   "tune FILE --scenario NAME --vary PATH=VALUES...",
		Short: "Find the cheapest settings under which a scenario meets its expectations",
		Long: `Tune runs a scenario of the swarm file (spec.scenarios, see agentscale test)
once per point of a grid of settings and picks the cheapest one that meets
every expectation and the budget.

--vary PATH=V1,V2,... or PATH=LO..HI[:STEP] names a setting as --set does
(ROLE.path, nodePools.NAME.field, headroom.field, cluster.CONTROLLER.field)
and its values; numbers step by 1 unless STEP says otherwise, durations
need a STEP (1m..10m:1m). Several --vary span a grid. Candidates run in
parallel on every core, in waves of 8: a candidate whose cost (or
node-hours) already passes the best of an earlier wave is stopped there.

--objective is cost (the default when a node pool has a price),
node-hours or replica-hours. It prints every candidate, the best one, where
to change the file and the --set line; -o json has a top-level "best"
object of each varied path and its value. --suggest lists the settings
worth varying for the scenario's roles, with a --vary to start from.

Exit codes: 0 a candidate passes, 1 none does (the closest miss is shown)
or the file is invalid, 2 bad flags.`,
		Example: "  agentscale tune swarm.yaml --scenario launch-spike --vary responder.replicas.min=1..5\n" +
			"  agentscale tune swarm.yaml --scenario launch-spike \\\n      --vary responder.scaling.keda.triggers[0].metadata.lagThreshold=250,500,1000 \\\n      --vary cluster.hpa.downscaleStabilization=1m..5m:1m\n" +
			"  agentscale tune swarm.yaml --scenario launch-spike --suggest",
		RunE: func(cmd *cobra.Command, args []string) error {
			return o.run(s, inputFiles(cmd, args)[0])
		},
	}
	takes(cmd, operands{noun: "a swarm FILE", hint: "(or - for stdin) with spec.scenarios", min: 1, max: 1})
	fileFlag(cmd, "the swarm file whose scenario to tune")
	f := cmd.Flags()
	f.StringVar(&o.scenario, "scenario", "", "the scenario to meet (required)")
	_ = cmd.RegisterFlagCompletionFunc("scenario", completeScenarios)
	arrayVar(f, &o.varies, "vary", "", "a setting and its values, PATH=V1,V2,... or PATH=LO..HI[:STEP] (repeatable)")
	f.StringVar(&o.objective, "objective", "", "what to minimise: "+strings.Join(tune.Objectives, ", ")+" (default cost when a pool has a price, else replica-hours)")
	envFlag(cmd, &o.env, "apply this environment when the scenario names none")
	enumVar(cmd, &o.output, "output", "o", "text", tune.Formats, "output format: "+strings.Join(tune.Formats, ", "))
	_ = cmd.RegisterFlagCompletionFunc("objective", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return tune.Objectives, cobra.ShellCompDirectiveNoFileComp
	})
	f.BoolVar(&o.suggest, "suggest", false, "list the settings worth varying instead of tuning")
	return cmd
}

func (o *tuneOptions) run(s streams, path string) error {
	if o.scenario == "" {
		return usage(errors.New("--scenario is required: the scenario whose expectations the settings must meet"))
	}
	if o.objective != "" && !slices.Contains(tune.Objectives, o.objective) {
		return usage(fmt.Errorf("--objective %s: want one of %s", o.objective, strings.Join(tune.Objectives, ", ")))
	}
	var varies []tune.Vary
	for _, arg := range o.varies {
		v, err := tune.ParseVary(arg)
		if err != nil {
			return usage(err)
		}
		// Two --vary of one key would try pairs of values for one field,
		// the later one winning unseen.
		if slices.ContainsFunc(varies, func(w tune.Vary) bool { return w.Key == v.Key }) {
			return usage(fmt.Errorf("--vary %s: %s is varied twice; give all its values in one --vary", arg, v.Key))
		}
		varies = append(varies, v)
	}
	if !o.suggest && len(varies) == 0 {
		return usage(errors.New("name at least one --vary PATH=VALUES (--suggest lists candidates)"))
	}
	data, err := spec.ReadFile(path, s.in)
	if err != nil {
		return usage(fmt.Errorf("cannot read %s: %w", path, unwrapPath(err)))
	}
	name := displayName(path)
	sw, errs := scenario.Parse(name, data)
	if len(errs) > 0 {
		return problem(errs)
	}
	i := sw.Index(o.scenario)
	if i < 0 {
		var names []string
		for _, sc := range sw.Base.Spec.Scenarios {
			names = append(names, sc.Name)
		}
		return usage(fmt.Errorf("--scenario %s: no scenario of that name in %s%s", o.scenario, name, suggest.Defined(o.scenario, names)))
	}
	if o.suggest {
		return tune.WriteSuggestions(s.out, o.scenario, tune.Suggest(sw.Base, i))
	}
	res, err := tune.Search(sw, tune.Options{Scenario: i, Env: o.env, Varies: varies, Objective: o.objective})
	if err != nil {
		return simulateError(err, false)
	}
	if err := tune.Write(s.out, o.output, res, sw.Base); err != nil {
		return usage(err)
	}
	if res.Best < 0 {
		return silentProblem
	}
	return nil
}
