package tune

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/agentscale/agentscale/internal/simulate/keda"
	"github.com/agentscale/agentscale/internal/spec"
)

// Suggestion is a setting worth varying, with a --vary to start from.
type Suggestion struct {
	Role    string // "" for a cluster setting
	Key     string // the --set key
	Current string
	Vary    string // KEY=LO..HI:STEP or KEY=V1,V2,...
	Why     string
}

// Suggest lists, for the roles scenario i drives, the settings that decide
// how they scale: thresholds, minimum and maximum, stabilization windows,
// KEDA's polling and cooldown.
func Suggest(sw *spec.Swarm, i int) []Suggestion {
	sc := &sw.Spec.Scenarios[i]
	var out []Suggestion
	anyHPA := false
	for _, r := range sw.Spec.Roles {
		if len(sc.Roles) > 0 && !slices.Contains(sc.Roles, r.Name) {
			continue
		}
		if r.Scaling == nil || r.Replicas == nil || r.Replicas.Fixed {
			continue
		}
		lo, hi := int64(r.Replicas.Min), int64(r.Replicas.Max)
		add := func(key, current, vary, why string) {
			out = append(out, Suggestion{Role: r.Name, Key: r.Name + "." + key, Current: current, Vary: r.Name + "." + key + "=" + vary, Why: why})
		}
		// A small minimum is tried one by one from the floor (1 for an
		// HPA, lint's hpa-min-zero; 0 for KEDA), a larger one around it.
		floor := 0
		if r.Scaling.KEDA == nil {
			floor = 1
		}
		mins := fmt.Sprintf("%d..%d", floor, lo+4)
		if lo > 4 {
			mins = around(float64(lo), true)
		}
		add("replicas.min", strconv.FormatInt(lo, 10), mins,
			"a floor the steady load needs keeps a backlog target from starving it")
		add("replicas.max", strconv.FormatInt(hi, 10), around(float64(hi), true), "caps the spike's peak and its cost")
		if h := r.Scaling.HPA; h != nil {
			anyHPA = true
			if h.CPU != nil {
				add("scaling.hpa.cpu", fmt.Sprint(*h.CPU), "50..90:10", "target CPU utilization")
			}
			if h.Memory != nil {
				add("scaling.hpa.memory", fmt.Sprint(*h.Memory), "50..90:10", "target memory utilization")
			}
			for k, m := range h.Metrics {
				v := m.Target.AsApproximateFloat64()
				add(fmt.Sprintf("scaling.hpa.metrics[%d].target", k), m.Target.String(), around(v, false), "the "+m.Name+" target: lower scales sooner")
			}
			cur := "none (5m)"
			if b := h.Behavior; b != nil && b.ScaleDown != nil && b.ScaleDown.StabilizationWindowSeconds != nil {
				cur = fmt.Sprintf("%ds", *b.ScaleDown.StabilizationWindowSeconds)
			}
			add("scaling.hpa.behavior.scaleDown.stabilizationWindowSeconds", cur, "0..600:120", "damps direction flips after a spike")
		}
		if k := r.Scaling.KEDA; k != nil {
			// KEDA's HPA without behavior takes the cluster's window too.
			anyHPA = anyHPA || k.Behavior == nil
			for t := range k.Triggers {
				tr := &k.Triggers[t]
				// The key simulate reads as the HPA's target, through KEDA's catalogue.
				kt := spec.KEDATrigger(&r, tr)
				key, v, ok := keda.Target(keda.Trigger{Index: t, Type: tr.Type, MetricType: tr.MetricType, Metadata: tr.Metadata, Auth: kt.Auth})
				if ok && v > 0 {
					// KEDA parses most targets as whole numbers: keep a whole one whole.
					whole := !strings.ContainsAny(tr.Metadata[key], ".eE")
					add(fmt.Sprintf("scaling.keda.triggers[%d].metadata.%s", t, key), tr.Metadata[key], around(v, whole), "the "+tr.Type+" trigger's target: lower scales sooner")
				}
			}
			poll, cool := "30", "300"
			if k.PollingInterval != nil {
				poll = fmt.Sprint(*k.PollingInterval)
			}
			if k.CooldownPeriod != nil {
				cool = fmt.Sprint(*k.CooldownPeriod)
			}
			// KEDA reads both only on the way to and from zero or idle
			// (lint's keda-dead-setting).
			if r.Replicas.Min == 0 || k.IdleReplicas != nil {
				add("scaling.keda.pollingInterval", poll, "5..30:5", "how soon KEDA wakes a role from zero")
				add("scaling.keda.cooldownPeriod", cool, "60..600:60", "how long KEDA waits before scaling to zero")
			}
		}
	}
	if anyHPA {
		cur := "5m"
		if c := sw.Spec.Cluster; c != nil && c.HPA != nil && c.HPA.DownscaleStabilization != nil {
			cur = c.HPA.DownscaleStabilization.Duration.String()
		}
		out = append(out, Suggestion{Key: "cluster.hpa.downscaleStabilization", Current: cur,
			Vary: "cluster.hpa.downscaleStabilization=1m..10m:1m", Why: "the cluster's window for HPAs without behavior (a kube-controller-manager flag)"})
	}
	return out
}

// around lists values from half to twice v, v itself among them, in two
// significant digits: 1000 gives 500,750,1000,1500,2000. A range of steps
// would miss v and its top end as often as not.
func around(v float64, integer bool) string {
	var out []string
	for _, f := range []float64{0.5, 0.75, 1, 1.5, 2} {
		x := v * f
		if f != 1 {
			x = roundSig(x, 2)
		}
		if integer {
			x = math.Max(math.Round(x), 1)
		}
		s := strconv.FormatFloat(x, 'f', -1, 64)
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return strings.Join(out, ",")
}

// roundSig rounds x to n significant digits.
func roundSig(x float64, n int) float64 {
	if x == 0 {
		return 0
	}
	p := math.Pow(10, float64(n)-math.Ceil(math.Log10(math.Abs(x))))
	return math.Round(x*p) / p
}

// WriteSuggestions prints the suggestions as a table.
func WriteSuggestions(w io.Writer, scenario string, s []Suggestion) error {
	fmt.Fprintf(w, "settings worth varying for scenario %s:\n\n", scenario)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "role\tsetting\tnow\ttry\twhy")
	for _, x := range s {
		role := x.Role
		if role == "" {
			role = "(cluster)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t--vary %s\t%s\n", role, x.Key, x.Current, x.Vary, x.Why)
	}
	return tw.Flush()
}
