package output

import (
	"strings"

	"github.com/agentscale/agentscale/internal/simulate"
	"github.com/agentscale/agentscale/internal/textwrap"
)

// findingWidth is where findings wrap: a terminal's 100 columns.
const findingWidth = 100

// Findings formats findings for a person, each under indent: the role and
// the kind, then what happened and what to change, wrapped.
//
//	scout: pinned at max
//	  it sat at its maximum of 20 replicas for 59m15s of 1h0m0s, …
//	  fix: raise the role's max replicas …
func Findings(fs []simulate.Finding, indent string) string {
	var b strings.Builder
	body := indent + "  "
	for _, f := range fs {
		b.WriteString(indent + f.Role + ": " + f.Kind.String() + "\n")
		b.WriteString(body + textwrap.Wrap(f.Text, findingWidth, body) + "\n")
		b.WriteString(body + textwrap.Wrap("fix: "+f.Fix, findingWidth, body+"     ") + "\n")
	}
	return b.String()
}
