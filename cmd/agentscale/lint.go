package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/agentscale/agentscale/internal/lint"
	"github.com/agentscale/agentscale/internal/lint/report"
	"github.com/agentscale/agentscale/internal/lint/rules"
)

// lintOptions are the lint command's flags.
type lintOptions struct {
	format    string
	failOn    string
	env       string
	color     string
	listRules bool
}

func newLintCmd(s streams, cfg *config) *cobra.Command {
	o := &lintOptions{}
	cmd := &cobra.Command{
		Use:   "lint PATH...",
		Short: "Lint swarm files and Kubernetes manifests",
		Long: `Lint checks swarm files and Kubernetes manifests (multi-document YAML, JSON,
- for stdin; directories are searched for .yaml, .yml and .json files).
A swarm is rendered in memory and every finding points at the swarm.yaml line
that causes it; a manifest finding points at the offending field.

It prints nothing and exits 0 when all is well, exits 1 when a finding is at
or above --fail-on, and 2 when a path cannot be read. Rules and levels can be
set in .agentscale.yaml (lint.rules.<id>: error|warning|info|off); see
agentscale lint --list-rules and agentscale explain RULE.`,
		Example: `  agentscale lint swarm.yaml
  agentscale render swarm.yaml | agentscale lint -
  agentscale lint -o sarif deploy/ > agentscale.sarif`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.listRules {
				return listRules(s, o.format)
			}
			return runLint(s, cfg, o, inputFiles(cmd, args))
		},
	}
	takes(cmd, operands{noun: "a PATH", hint: "(a file, a directory, or - for stdin)", min: 1, max: -1, unless: "list-rules"})
	fileFlag(cmd, "a swarm file, manifest or directory to lint")
	f := cmd.Flags()
	enumVar(cmd, &o.format, "output", "o", "text", report.Formats, "output format: "+strings.Join(report.Formats, ", ")+" (--format is an alias)")
	aliasFlag(cmd, "format", "output")
	enumVar(cmd, &o.failOn, "fail-on", "", "error", []string{"error", "warning", "info", "never"}, "exit 1 on findings at or above this level: error, warning, info or never")
	envFlag(cmd, &o.env, "apply the named environment to swarm files before linting")
	enumVar(cmd, &o.color, "color", "", "auto", []string{"auto", "always", "never"}, "colour text output: auto (a terminal without NO_COLOR), always or never")
	f.BoolVar(&o.listRules, "list-rules", false, "list the rules and exit")
	return cmd
}

func runLint(s streams, cfg *config, o *lintOptions, paths []string) error {
	failOn, err := lint.ParseFailLevel(o.failOn)
	if err != nil {
		return usage(fmt.Errorf("--fail-on: %w", err))
	}
	color, err := useColor(o.color, s.out)
	if err != nil {
		return usage(err)
	}
	// Every path that can be read is linted; one that cannot is reported
	// (stderr, and the machine formats' document) and makes the exit 2.
	srcs, unread, err := lint.Read(paths, s.in)
	if err != nil {
		return usage(err)
	}
	for _, u := range unread {
		fmt.Fprintf(s.err, "agentscale: %s\n", u)
	}
	limitMemory(srcs)
	levels := configLevels(cfg)
	reg := rules.Registry()
	findings := lint.Run(srcs, lint.Options{Rules: reg, Levels: levels, Env: o.env})
	if err := report.Write(s.out, findings, reg, report.Options{Format: o.format, Color: color, Version: buildVersion, Unread: unread}); err != nil {
		return usage(err)
	}
	switch {
	case len(unread) > 0:
		return &exitError{code: exitUsage}
	case lint.Failed(findings, failOn):
		return silentProblem
	}
	return nil
}

// limitMemory bounds the heap for large inputs. main collects garbage
// rarely (GOGC=400), which suits small runs; a 4,000-object bundle would then
// grow the heap to five times what it keeps live. A soft limit of twelve
// times the input (the typed objects take about six), and at least 40 MiB
// (below that the collector runs almost without pause: 24 MiB cost 50%
// more CPU on 4,000 objects), keeps big runs lean and leaves small ones
// alone; past 8 MiB of input it grows by two times the input only (a 30 MB
// file would otherwise be given 360 MB). GOMEMLIMIT, when set, wins.
func limitMemory(srcs []lint.Source) {
	if _, set := os.LookupEnv("GOMEMLIMIT"); set {
		return
	}
	var n int64
	for _, s := range srcs {
		n += int64(len(s.Data))
	}
	debug.SetMemoryLimit(max(40<<20, min(12*n, 64<<20+2*n)))
}

// configLevels reads lint.rules from the config file, with positions, so
// that an unknown rule id points at its line.
func configLevels(cfg *config) []lint.Level {
	if cfg == nil || cfg.root == nil {
		return nil
	}
	return lint.LevelsFrom(cfg.root)
}

// useColor decides on ANSI colours: "auto" means a terminal and no NO_COLOR
// (https://no-color.org).
func useColor(mode string, w io.Writer) (bool, error) {
	switch mode {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "auto":
		if _, set := os.LookupEnv("NO_COLOR"); set {
			return false, nil
		}
		f, ok := w.(*os.File)
		return ok && term.IsTerminal(int(f.Fd())), nil
	}
	return false, fmt.Errorf("--color: unknown mode %q (want auto, always or never)", mode)
}

func newExplainCmd(s streams, _ *config) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:               "explain RULE",
		Short:             "Explain a lint rule: why it matters and how to fix it",
		Example:           "  agentscale explain missing-pdb\n  agentscale explain -o json missing-pdb",
		ValidArgsFunction: completeRules,
		RunE: func(_ *cobra.Command, args []string) error {
			reg := rules.Registry()
			r := reg.Lookup(args[0])
			if r == nil {
				return usage(fmt.Errorf("unknown rule %q%s (agentscale lint --list-rules lists them)", args[0], reg.DidYouMean(args[0])))
			}
			if format == "json" {
				return report.RulesJSON(s.out, []*lint.Rule{r})
			}
			return report.Explain(s.out, r)
		},
	}
	takes(cmd, operands{noun: "a RULE", hint: "(agentscale lint --list-rules lists them)", min: 1, max: 1})
	enumVar(cmd, &format, "output", "o", "text", []string{"text", "json"}, "output format: text or json")
	return cmd
}

// listRules prints the rule catalogue as a table, or as JSON.
func listRules(s streams, format string) error {
	switch format {
	case "text":
		return report.ListRules(s.out, rules.Registry())
	case "json":
		return report.RulesJSON(s.out, rules.Registry().Rules())
	}
	return usage(fmt.Errorf("--list-rules prints text or json, not %s", format))
}
