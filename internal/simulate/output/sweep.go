package output

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/agentscale/agentscale/internal/simulate"
	"github.com/agentscale/agentscale/internal/simulate/figures"
)

// SweepTable compares a sweep's runs, one row per value, so a threshold is
// chosen from figures. Figures are totals over the reported roles.
func SweepTable(w io.Writer, key string, runs []simulate.SweepRun) error {
	var b strings.Builder
	if len(runs) > 0 {
		r := runs[0].Result
		// A sweep of one role's setting moves only that role's figures, so
		// say when the columns add others' in.
		of := "role " + roleNames(r)
		if len(r.Roles) > 1 {
			of = "figures are totals over roles " + roleNames(r) + " (--role NAME for one)"
		}
		fmt.Fprintf(&b, "swarm %s: %s at %s steps, load %s; %s\n\n", r.Swarm, figures.Duration(r.Duration), figures.Duration(r.Step), r.Load, of)
	}
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\tPEAK BACKLOG\tWORST WAIT\tP95 WAIT\tREPLICA-HOURS\tNODE-HOURS\tCOST\tSCALE EVENTS\tFLIPS\t\n", key)
	for _, run := range runs {
		t := run.Result.Totals()
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t\n", run.Value, figures.Count(t.PeakBacklog), waitText(t.WorstWait, t.WaitAtLeast),
			waitText(t.P95Wait, t.WaitAtLeast), hours(t.ReplicaHours), hours(t.NodeHours), money(t.Cost), t.ScaleEvents, t.Flips)
	}
	tw.Flush()
	_, err := io.WriteString(w, b.String())
	return err
}

func roleNames(r *simulate.Result) string {
	names := make([]string, len(r.Roles))
	for i, role := range r.Roles {
		names[i] = role.Name
	}
	return strings.Join(names, ", ")
}

// SweepCSVHeader names the sweep comparison's columns.
const SweepCSVHeader = "value,peak_backlog,worst_wait_s,p95_wait_s,waits_are_lower_bounds,replica_hours,node_hours,cost,scale_events,direction_flips"

// SweepCSV writes the comparison as CSV.
func SweepCSV(w io.Writer, key string, runs []simulate.SweepRun) error {
	var b strings.Builder
	b.WriteString(SweepCSVHeader + "\n")
	for _, run := range runs {
		t := run.Result.Totals()
		fmt.Fprintf(&b, "%s,%s,%d,%d,%t,%s,%s,%s,%d,%d\n", csvField(run.Value), figures.Rate(t.PeakBacklog), t.WorstWait, t.P95Wait, t.WaitAtLeast,
			figures.Rate(t.ReplicaHours), figures.Rate(t.NodeHours), figures.Rate(t.Cost), t.ScaleEvents, t.Flips)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func csvField(s string) string {
	if strings.ContainsAny(s, ",\"\n") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

// SweepJSON writes every run's summaries, keyed by value.
func SweepJSON(w io.Writer, key string, runs []simulate.SweepRun) error {
	type run struct {
		Value  string     `json:"value"`
		Result jsonResult `json:"result"`
	}
	out := struct {
		Key  string `json:"key"`
		Runs []run  `json:"runs"`
	}{Key: key, Runs: []run{}}
	for _, r := range runs {
		out.Runs = append(out.Runs, run{r.Value, toJSON(r.Result)})
	}
	return writeJSON(w, out)
}
