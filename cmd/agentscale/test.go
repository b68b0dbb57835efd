package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/agentscale/agentscale/internal/diag"
	"github.com/agentscale/agentscale/internal/scenario"
	"github.com/agentscale/agentscale/internal/simulate/plot"
	"github.com/agentscale/agentscale/internal/spec"
	"github.com/agentscale/agentscale/internal/suggest"
)

// testOptions are test's flags.
type testOptions struct {
	scenarios []string
	env       string
	output    string
	plotDir   string
}

func newTestCmd(s streams, _ *config) *cobra.Command {
	o := &testOptions{}
	cmd := &cobra.Command{
		Use:   "test FILE...",
		Short: "Run the swarm's scaling scenarios and check their expectations",
		Long: `Test runs every scenario of each swarm file (spec.scenarios: a load, a
duration, expectations per role and a budget) through the same simulation as
agentscale simulate, and prints each expectation measured against its bound.
A failed expectation is reported at its file:line:col:

  swarm.yaml:33:20: launch-spike/responder: p95 wait 3m12s > 1m30s

It exits 0 when every expectation holds, 1 when one fails or a file is
invalid, and 2 for a bad flag, an unknown --scenario or an unreadable file.

--env applies an environment to the scenarios that name none. -o junit writes
JUnit XML (a testsuite per file, a testcase per scenario, role and
expectation) for CI test reports; -o github writes ::error annotations;
-o json the measured values. --plot DIR draws each failing scenario to
DIR/FILE-SCENARIO.png. docs/test.md describes the format.`,
		Example: "  agentscale test swarm.yaml\n  agentscale test --scenario launch-spike -o junit swarm.yaml > report.xml\n  agentscale test --plot failures/ swarms/*.yaml",
		RunE: func(cmd *cobra.Command, args []string) error {
			return o.run(s, inputFiles(cmd, args))
		},
	}
	takes(cmd, operands{noun: "a swarm FILE", hint: "(or - for stdin) with spec.scenarios", min: 1, max: -1})
	fileFlag(cmd, "a swarm file whose scenarios to run")
	f := cmd.Flags()
	arrayVar(f, &o.scenarios, "scenario", "", "run only this scenario (repeatable)")
	_ = cmd.RegisterFlagCompletionFunc("scenario", completeScenarios)
	envFlag(cmd, &o.env, "apply this environment to scenarios that name none")
	enumVar(cmd, &o.output, "output", "o", "text", scenario.Formats, "output format: "+strings.Join(scenario.Formats, ", "))
	f.StringVar(&o.plotDir, "plot", "", "write a PNG of each failing scenario into this directory")
	return cmd
}

func (o *testOptions) run(s streams, paths []string) error {
	if stdinTwice(paths) {
		return usage(errors.New("- (stdin) named twice"))
	}
	if o.plotDir != "" {
		if fi, err := os.Stat(o.plotDir); err == nil && !fi.IsDir() {
			return usage(fmt.Errorf("--plot %s: not a directory", o.plotDir))
		}
	}
	var outs []*scenario.Outcome
	found := map[string]bool{}
	var defined []string // every scenario name, for did-you-mean
	// stopped kept files or scenarios from running; the report counts
	// them. Scenarios of one file share its environments: an unknown --env
	// is one problem, not one per scenario.
	var stopped diag.ErrorList
	reported := map[string]bool{}
	stop := func(err error) {
		if reported[err.Error()] {
			return
		}
		reported[err.Error()] = true
		printProblem(s, err)
		stopped = append(stopped, problemErrors(err)...)
	}
	for _, path := range paths {
		data, err := spec.ReadFile(path, s.in)
		if err != nil {
			return usage(fmt.Errorf("cannot read %s: %w", path, unwrapPath(err)))
		}
		name := displayName(path)
		sw, errs := scenario.Parse(name, data)
		if len(errs) > 0 {
			stop(problem(errs))
			continue
		}
		for i, sc := range sw.Base.Spec.Scenarios {
			defined = append(defined, sc.Name)
			if len(o.scenarios) > 0 && !slices.Contains(o.scenarios, sc.Name) {
				continue
			}
			found[sc.Name] = true
			out, err := sw.Run(i, scenario.Options{Env: o.env, Series: o.plotDir != ""})
			if err != nil {
				if err = simulateError(err, false); !isProblem(err) {
					return usage(fmt.Errorf("%s: scenario %s: %w", name, sc.Name, errors.Unwrap(err)))
				}
				stop(err)
				continue
			}
			outs = append(outs, out)
		}
	}
	for _, n := range o.scenarios {
		if !found[n] {
			return usage(fmt.Errorf("--scenario %s: no scenario of that name in %s%s", n, strings.Join(paths, ", "), suggest.Defined(n, defined)))
		}
	}
	// Text says "no scenarios ran" only when that is the news, not after
	// the errors that stopped them.
	if o.output != "text" || len(outs) > 0 || len(stopped) == 0 {
		if err := scenario.Write(s.out, o.output, outs, stopped); err != nil {
			return usage(err)
		}
	}
	failed := false
	for _, out := range outs {
		if out.Passed() {
			continue
		}
		failed = true
		if o.plotDir != "" {
			if err := writeScenarioPlot(o.plotDir, out); err != nil {
				return usage(err)
			}
		}
	}
	if len(stopped) > 0 || failed {
		return silentProblem
	}
	return nil
}

// writeScenarioPlot draws a failing scenario to DIR/FILE-SCENARIO.png.
func writeScenarioPlot(dir string, out *scenario.Outcome) error {
	base := strings.TrimSuffix(filepath.Base(out.File), filepath.Ext(out.File))
	return plot.WriteFile(filepath.Join(dir, base+"-"+out.Name+".png"), out.Run, plot.Window{})
}
