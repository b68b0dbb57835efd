package tune

import (
	"bufio"
	"encoding/json"
	"fmt"
	"github.com/agentscale/agentscale/internal/simulate/figures"
	"github.com/agentscale/agentscale/internal/simulate/output"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/agentscale/agentscale/internal/spec"
)

// Formats are the values of agentscale tune -o.
var Formats = []string{"text", "json"}

// Write prints r in format; sw is the base swarm, for the positions of
// the change.
func Write(w io.Writer, format string, r *Result, sw *spec.Swarm) error {
	switch format {
	case "json":
		return writeJSON(w, r, sw)
	case "text", "":
		return writeText(w, r, sw)
	}
	return fmt.Errorf("unknown output format %q (want %s)", format, strings.Join(Formats, ", "))
}

func (r *Result) figure(v float64) string {
	if r.Objective == "cost" {
		return fmt.Sprintf("$%.2f", v)
	}
	return fmt.Sprintf("%.2f", v)
}

// verdict says what became of a candidate, in a table cell.
func (r *Result) verdict(i int) string {
	c := &r.Candidates[i]
	switch {
	case c.Err != nil:
		return "invalid: " + c.Err.Error()
	case c.Stopped:
		return fmt.Sprintf("stopped at %s: already above the best", figures.Duration(c.Outcome.Run.Duration))
	case c.Passed():
		s := "pass"
		if i == r.Best {
			s += " (best)"
		}
		return s
	}
	f := c.Outcome.Failed()
	msgs := make([]string, len(f))
	for k, ch := range f {
		msgs[k] = roleOr(ch.Role) + ": " + ch.Msg
	}
	return "fail: " + strings.Join(msgs, "; ")
}

func writeText(w io.Writer, r *Result, sw *spec.Swarm) error {
	b := bufio.NewWriter(w)
	stopped := 0
	for _, c := range r.Candidates {
		if c.Stopped {
			stopped++
		}
	}
	fmt.Fprintf(b, "tune %s: %d candidates, objective %s", r.Scenario, len(r.Candidates), r.Objective)
	if stopped > 0 {
		fmt.Fprintf(b, " (%d stopped early)", stopped)
	}
	fmt.Fprint(b, "\n\n")
	tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
	for _, v := range r.Varies {
		fmt.Fprintf(tw, "%s\t", v.Key)
	}
	fmt.Fprintf(tw, "%s\tresult\n", r.Objective)
	for i, c := range r.Candidates {
		for _, v := range c.Values {
			fmt.Fprintf(tw, "%s\t", v)
		}
		obj := "-"
		if c.Err == nil {
			obj = r.figure(c.Objective)
			if c.Stopped {
				obj = "> " + obj
			}
		}
		fmt.Fprintf(tw, "%s\t%s\n", obj, r.verdict(i))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(b)
	if r.Best < 0 {
		fmt.Fprintln(b, "no candidate meets every expectation")
		if i, misses := r.Closest(); i >= 0 {
			fmt.Fprintf(b, "closest: %s\n", assignments(r, i, " "))
			for _, ch := range misses {
				fmt.Fprintf(b, "  %s: %s/%s: %s\n", ch.Pos, r.Scenario, roleOr(ch.Role), ch.Msg)
			}
			if fs := r.Candidates[i].Outcome.Findings(); len(fs) > 0 {
				fmt.Fprintf(b, "  findings\n%s", output.Findings(fs, "    "))
			}
		}
		return b.Flush()
	}
	c := &r.Candidates[r.Best]
	fmt.Fprintf(b, "best: %s: %s %s, meets all %d expectations\n\n", assignments(r, r.Best, ", "), r.Objective, r.figure(c.Objective), len(c.Outcome.Checks))
	fmt.Fprintln(b, "change:")
	for k, v := range r.Varies {
		fmt.Fprintf(b, "  %s\n", change(sw, v.Key, c.Values[k]))
	}
	fmt.Fprintln(b, "as YAML (where each value goes in the swarm file):")
	for _, line := range strings.Split(strings.TrimSuffix(Snippet(r.keys(), c.Values), "\n"), "\n") {
		fmt.Fprintf(b, "  %s\n", line)
	}
	fmt.Fprintln(b, "or run with:")
	var sets []string
	for k, v := range r.Varies {
		sets = append(sets, "--set "+v.Key+"="+c.Values[k])
	}
	fmt.Fprintf(b, "  %s\n", strings.Join(sets, " "))
	return b.Flush()
}

// keys are the varied keys, in order.
func (r *Result) keys() []string {
	keys := make([]string, len(r.Varies))
	for k, v := range r.Varies {
		keys[k] = v.Key
	}
	return keys
}

func roleOr(role string) string {
	if role == "" {
		return "budget"
	}
	return role
}

func assignments(r *Result, i int, sep string) string {
	parts := make([]string, len(r.Varies))
	for k, v := range r.Varies {
		parts[k] = v.Key + "=" + r.Candidates[i].Values[k]
	}
	return strings.Join(parts, sep)
}

// change says where in the file a --set key lives and its new value:
// "swarm.yaml:62:30: roles[1].replicas.max: 40", or where to add it.
func change(sw *spec.Swarm, key, value string) string {
	path := specPath(sw, key)
	if path != "" && sw.Has(path) {
		return fmt.Sprintf("%s: %s: %s", sw.ValuePos(path), strings.TrimPrefix(path, "spec."), value)
	}
	if path == "" {
		path = key
	}
	return fmt.Sprintf("%s: %s (not in the file: add it)", strings.TrimPrefix(path, "spec."), value)
}

// specPath maps a --set key to its path in the swarm file: ROLE.x to
// spec.roles[i].x; nodePools.NAME.x to spec.nodePools[j].x; headroom and
// cluster as they are.
func specPath(sw *spec.Swarm, key string) string {
	head, rest, _ := strings.Cut(key, ".")
	switch head {
	case "headroom", "cluster":
		return "spec." + key
	case "nodePools":
		name, field, _ := strings.Cut(rest, ".")
		for j, p := range sw.Spec.NodePools {
			if p.Name == name {
				return fmt.Sprintf("spec.nodePools[%d].%s", j, field)
			}
		}
		return ""
	}
	if _, i := sw.Spec.Role(head); i >= 0 {
		return spec.RoleField(i, rest)
	}
	return ""
}

type jsonCandidate struct {
	Values    map[string]string `json:"values"`
	Objective *float64          `json:"objective,omitempty"`
	Pass      bool              `json:"pass"`
	Stopped   bool              `json:"stopped,omitempty"`
	Error     string            `json:"error,omitempty"`
	Failed    []string          `json:"failed,omitempty"`
}

type jsonResult struct {
	Scenario  string            `json:"scenario"`
	Objective string            `json:"objective"`
	Best      map[string]string `json:"best"`
	BestValue *float64          `json:"bestObjective,omitempty"`
	// BestYAML is Snippet for the best candidate.
	BestYAML   string          `json:"bestYAML,omitempty"`
	Candidates []jsonCandidate `json:"candidates"`
}

// round4 drops float noise (2.3040000000000003) from figures in JSON.
func round4(v float64) float64 { return math.Round(v*1e4) / 1e4 }

func writeJSON(w io.Writer, r *Result, sw *spec.Swarm) error {
	out := jsonResult{Scenario: r.Scenario, Objective: r.Objective, Candidates: []jsonCandidate{}}
	values := func(i int) map[string]string {
		m := map[string]string{}
		for k, v := range r.Varies {
			m[v.Key] = r.Candidates[i].Values[k]
		}
		return m
	}
	for i := range r.Candidates {
		c := &r.Candidates[i]
		jc := jsonCandidate{Values: values(i), Pass: c.Passed(), Stopped: c.Stopped}
		if c.Err != nil {
			jc.Error = c.Err.Error()
		} else {
			obj := round4(c.Objective)
			jc.Objective = &obj
			for _, ch := range c.Outcome.Failed() {
				jc.Failed = append(jc.Failed, fmt.Sprintf("%s: %s/%s: %s", ch.Pos, r.Scenario, roleOr(ch.Role), ch.Msg))
			}
		}
		out.Candidates = append(out.Candidates, jc)
	}
	if r.Best >= 0 {
		out.Best = values(r.Best)
		v := round4(r.Candidates[r.Best].Objective)
		out.BestValue = &v
		out.BestYAML = Snippet(r.keys(), r.Candidates[r.Best].Values)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
