package output

import (
	"fmt"
	"github.com/agentscale/agentscale/internal/simulate/figures"
	"io"
	"strings"

	"github.com/agentscale/agentscale/internal/simulate"
)

// Table writes the run's summary for a person: one block per role, then
// the node pools and any notes.
func Table(w io.Writer, res *simulate.Result) error {
	var b strings.Builder
	env := ""
	if res.Env != "" {
		env = " (env " + res.Env + ")"
	}
	fmt.Fprintf(&b, "swarm %s%s: %s at %s steps, load %s\n", res.Swarm, env, figures.Duration(res.Duration), figures.Duration(res.Step), res.Load)
	for _, r := range res.Roles {
		s := r.Summary
		pool := ""
		if r.Pool != "" {
			pool = ", pool " + r.Pool
		}
		fmt.Fprintf(&b, "\nrole %s (%g tasks/s per replica, %s start-up%s)\n", r.Name, r.TasksPerSecond, figures.Duration(r.StartupSeconds), pool)
		fmt.Fprintf(&b, "  autoscaler     %s\n", r.Autoscaler)
		fmt.Fprintf(&b, "  tasks          %s arrived, %s processed\n", figures.Count(s.Arrived), figures.Count(s.Processed))
		fmt.Fprintf(&b, "  backlog        peak %s at %s, final %s\n", figures.Count(s.PeakBacklog), figures.Duration(s.PeakBacklogAt), figures.Count(s.FinalBacklog))
		fmt.Fprintf(&b, "  queueing time  worst %s, p95 %s\n", waitText(s.WorstWait, s.WaitAtLeast), waitText(s.P95Wait, s.WaitAtLeast))
		drain := "not drained by the end"
		if s.Drained {
			drain = figures.Duration(s.DrainAfterPeak) + " after the peak"
		}
		fmt.Fprintf(&b, "  drained        %s\n", drain)
		if r.Jobs {
			fmt.Fprintf(&b, "  jobs           %d started; peak %d running, %d ready (max %d); at max for %s\n", s.JobsStarted, s.PeakDesired, s.PeakReady, r.Max, figures.Duration(s.AtMax))
		} else {
			fmt.Fprintf(&b, "  replicas       peak %d desired, %d ready (min %d, max %d); at max for %s\n", s.PeakDesired, s.PeakReady, r.Min, r.Max, figures.Duration(s.AtMax))
			fmt.Fprintf(&b, "  scale events   %d (%d direction flips)\n", s.ScaleEvents, s.Flips)
		}
		fmt.Fprintf(&b, "  replica-hours  %s\n", hours(s.ReplicaHours))
		if r.Pool != "" {
			fmt.Fprintf(&b, "  node-hours     %s, %s (its share of pool %s by requests)\n", hours(s.NodeHours), money(s.Cost), r.Pool)
		}
		fmt.Fprintf(&b, "  unschedulable  %s with pods pending\n", figures.Duration(s.Unschedulable))
	}
	if len(res.Pools) > 0 {
		b.WriteString("\nnode pools\n")
		for _, p := range res.Pools {
			s := p.Summary
			fmt.Fprintf(&b, "  %-14s %s node-hours, %s; nodes peak %d, final %d (+%d −%d; min %d, max %d)\n",
				p.Name, hours(s.NodeHours), money(s.Cost), s.PeakNodes, s.FinalNodes, s.Added, s.Removed, p.Min, p.Max)
		}
	}
	if len(res.Findings) > 0 {
		b.WriteString("\nfindings\n")
		b.WriteString(Findings(res.Findings, "  "))
	}
	if len(res.Notes) > 0 {
		b.WriteString("\nnotes\n")
		for _, n := range res.Notes {
			b.WriteString("  " + n + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func waitText(s int64, atLeast bool) string {
	if atLeast {
		return "≥" + figures.Duration(s)
	}
	return figures.Duration(s)
}
