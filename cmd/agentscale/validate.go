package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/agentscale/agentscale/internal/build"
	"github.com/agentscale/agentscale/internal/lint"
	"github.com/agentscale/agentscale/internal/lint/report"
	"github.com/agentscale/agentscale/internal/lint/rules"
	"github.com/agentscale/agentscale/internal/simulate/load"
	"github.com/agentscale/agentscale/internal/spec"

	"github.com/spf13/cobra"
)

func newValidateCmd(s streams, _ *config) *cobra.Command {
	var env, format, namespace string
	cmd := &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check swarm files against the schema and the semantic rules",
		Long: `Validate checks each swarm file (or - for stdin) and prints every error as
file:line:col: path: message. It exits 0 when all files are valid, 1 when any
has errors, and 2 when a file cannot be read.

Without --env every environment's overrides are validated too; with --env the
environment's kustomize fields are also applied to the rendered objects, so a
patch that does not apply fails here rather than in render. -n checks the
objects as render -n writes them. Files may be given as arguments or with
-f, as kubectl takes them.

-o json, sarif and github write the errors as lint does (rule invalid-swarm),
for editors and CI annotations; a file that cannot be read is reported on
stderr and in the document (json: "unread", or "unchecked" for a file read
but not checked; sarif: an unsuccessful invocation), with exit 2.`,
		Example: "  agentscale validate swarm.yaml\n  agentscale validate --env prod swarm.yaml\n  agentscale validate -o json swarm.yaml | jq '.findings[].message'",
		RunE: func(cmd *cobra.Command, args []string) error {
			args = inputFiles(cmd, args)
			// Every file is checked, even after one that cannot be read:
			// the exit code is the worst outcome (2 over 1 over 0).
			bad, failed := false, false
			var findings []lint.Finding
			var unread []lint.Unread
			var unchecked []lint.Unchecked // read, but a step other than reading failed
			if stdinTwice(args) {
				return usage(errors.New("- (stdin) named twice"))
			}
			if err := checkNamespace(namespace); err != nil {
				return err
			}
			for _, path := range args {
				sw, err := loadSwarm(s, path, env)
				if err == nil && (env != "" || namespace != "") {
					err = checkOverlay(sw, namespace)
				}
				switch {
				case err == nil:
				case isProblem(err) && format != "text":
					findings = append(findings, lint.ErrorFindings(lint.InvalidSwarm, problemErrors(err))...)
					bad = true
				case isProblem(err):
					printProblem(s, err)
					bad = true
				default:
					fmt.Fprintf(s.err, "agentscale: %v\n", err)
					if u := (unreadError{}); errors.As(err, &u) {
						unread = append(unread, u.Unread)
					} else {
						unchecked = append(unchecked, lint.Unchecked{File: displayName(path), Message: err.Error()})
					}
					failed = true
				}
			}
			if format != "text" {
				if err := report.Write(s.out, lint.Sort(findings), rules.Registry(), report.Options{Format: format, Version: buildVersion, Unread: unread, Unchecked: unchecked}); err != nil {
					return usage(err)
				}
			}
			switch {
			case failed:
				return &exitError{code: exitUsage}
			case bad:
				return silentProblem
			}
			if format != "text" {
				return nil
			}
			if len(args) == 1 {
				fmt.Fprintf(s.out, "%s: OK\n", displayName(args[0]))
			} else {
				fmt.Fprintf(s.out, "%d files: OK\n", len(args))
			}
			return nil
		},
	}
	takes(cmd, operands{noun: "a swarm FILE", hint: "(or - for stdin)", min: 1, max: -1})
	fileFlag(cmd, "a swarm file to validate")
	envFlag(cmd, &env, "apply the named environment before validating")
	namespaceFlag(cmd, &namespace, "check the objects as rendered into this namespace (render -n)")
	enumVar(cmd, &format, "output", "o", "text", report.Formats, "output format: "+strings.Join(report.Formats, ", "))
	return cmd
}

// problemErrors is the error list of an input problem: a load file's error
// is one at its row; an error without positions becomes one entry.
func problemErrors(err error) spec.ErrorList {
	var ee *exitError
	if errors.As(err, &ee) && ee.err != nil {
		err = ee.err
	}
	if list, ok := spec.AsErrorList(err); ok {
		return list
	}
	var le *load.Error
	if errors.As(err, &le) {
		return spec.ErrorList{{Pos: le.Pos, Msg: le.Msg}}
	}
	return spec.ErrorList{{Msg: err.Error()}}
}

// checkOverlay applies the loaded environment's kustomize fields to the
// rendered swarm, the one check of --env that needs the objects; with a
// namespace it checks them as render -n writes them.
func checkOverlay(sw *spec.Swarm, namespace string) error {
	if !build.HasOverlay(sw) && namespace == "" {
		return nil
	}
	if _, err := build.Objects(sw, build.Options{Namespace: namespace}); err != nil {
		return inputOr(err)
	}
	return nil
}
