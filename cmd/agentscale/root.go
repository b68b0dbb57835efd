package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/agentscale/agentscale/internal/diag"
	"github.com/agentscale/agentscale/internal/suggest"
)

// Exit codes: the contract CI pipelines and pre-commit hooks rely on.
const (
	exitOK      = 0 // all fine
	exitProblem = 1 // the input has problems: invalid, or findings at the fail level
	exitUsage   = 2 // the tool could not do what was asked: usage, unreadable path
)

// exitError carries an exit code up to run. A nil err means the command has
// already printed what the user needs (e.g. the list of validation errors).
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// problem marks input problems (exit 1); usage marks everything the tool
// could not do (exit 2).
func problem(err error) error { return &exitError{code: exitProblem, err: err} }
func usage(err error) error   { return &exitError{code: exitUsage, err: err} }

// silentProblem is exit 1 after the command printed the problems itself.
var silentProblem = &exitError{code: exitProblem}

// streams are the command's standard streams, injected for tests.
type streams struct {
	in       io.Reader
	out, err io.Writer
}

func newRootCmd(s streams) *cobra.Command {
	cfg := &config{}
	root := &cobra.Command{
		Use:   "agentscale",
		Short: "Validate, render, lint and simulate AI agent swarms on Kubernetes",
		Long: `agentscale turns a declarative swarm.yaml into the Kubernetes objects an
expert would write by hand, lints swarm files and manifests, and simulates how
the autoscalers will react to a load.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			return cfg.load(cmd)
		},
	}
	// Installed by krew as kubectl-agentscale, kubectl runs it as a plugin:
	// help and examples then say "kubectl agentscale".
	if strings.HasPrefix(filepath.Base(os.Args[0]), "kubectl-") {
		root.Annotations = map[string]string{cobra.CommandDisplayNameAnnotation: "kubectl agentscale"}
	}
	// --version, as kubectl plugins and release tooling expect. The line
	// is built only when asked for: reading the build info costs every
	// other command a dozen page faults.
	root.Version = "see buildLine" // cobra adds --version when this is set; the template prints
	root.SetVersionTemplate("{{buildLine}}\n")
	root.SetIn(s.in)
	root.SetOut(s.out)
	root.SetErr(s.err)
	root.PersistentFlags().StringVar(&cfg.file, "config", "", "config file (default: .agentscale.yaml in the working directory)")
	root.AddCommand(
		newValidateCmd(s, cfg),
		newRenderCmd(s, cfg),
		newDiffCmd(s, cfg),
		newImportCmd(s),
		newLintCmd(s, cfg),
		newExplainCmd(s, cfg),
		newSimulateCmd(s, cfg),
		newTestCmd(s, cfg),
		newTuneCmd(s, cfg),
		newSchemaCmd(s),
		newInitCmd(s),
		newVersionCmd(s),
	)
	// cobra's completion command prints its help, exit 0, for a shell it
	// does not know: that is a usage error like any other.
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			c.Args = cobra.NoArgs
			c.RunE = func(_ *cobra.Command, args []string) error {
				return usage(errors.New("completion needs a shell: bash, zsh, fish or powershell"))
			}
		}
	}
	// Flag errors are usage errors (exit 2), like a missing argument.
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error { return usage(flagError(cmd, err)) })
	return root
}

// run executes the command line and maps errors to exit codes.
func run(args []string, in io.Reader, out, errOut io.Writer) int {
	root := newRootCmd(streams{in: in, out: out, err: errOut})
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		switch {
		case ee.err == nil:
		case ee.code == exitProblem && diag.IsInputError(ee.err):
			fmt.Fprintln(errOut, ee.err) // file:line:col: message, as every input problem
		default:
			fmt.Fprintf(errOut, "agentscale: %v\n", ee.err)
		}
		return ee.code
	}
	// Cobra's own errors (unknown command, wrong argument count) are usage.
	fmt.Fprintf(errOut, "agentscale: %v\n", err)
	return exitUsage
}

// flagError adds the flag that was probably meant to pflag's "unknown
// flag: --evn" (cobra suggests commands, not flags).
func flagError(cmd *cobra.Command, err error) error {
	var ne *pflag.NotExistError
	if !errors.As(err, &ne) || ne.GetSpecifiedName() == "" {
		return err
	}
	var names []string
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if !f.Hidden {
			names = append(names, f.Name)
		}
	})
	if hint := suggest.DidYouMean(ne.GetSpecifiedName(), names); hint != "" {
		return fmt.Errorf("%w%s", err, strings.Replace(hint, `"`, `"--`, 1))
	}
	return err
}
