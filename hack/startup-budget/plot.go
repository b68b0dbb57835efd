//go:build ignore

// A stand-in for internal/simulate/plot without gonum/plot, for
// hack/startup-budget.sh alone: it measures what linking gonum/plot costs
// every command.
package plot

import (
	"errors"
	"io"

	"github.com/agentscale/agentscale/internal/simulate"
)

var errStub = errors.New("this measurement build has no gonum/plot")

func Format(string) string { return "" }

func Write(io.Writer, string, *simulate.Result, Window) error { return errStub }

func WriteFile(string, *simulate.Result, Window) error { return errStub }
