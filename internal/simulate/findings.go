package simulate

import (
	"fmt"
	"math"
	"strings"

	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/agentscale/agentscale/internal/simulate/cluster"
	"github.com/agentscale/agentscale/internal/simulate/figures"
)

// Finding is a verdict on a run that a person reads: what went wrong for a
// role, with the run's figures, and what to change. simulate's summary and
// agentscale test's report print the same findings.
type Finding struct {
	Kind FindingKind
	Role string
	// Pool is the node pool the finding is about, when it is about one.
	Pool string
	// Text says what happened; Fix what to change.
	Text, Fix string
}

// FindingKind names a finding; String reads as a phrase ("pinned at max").
type FindingKind string

// The kinds of finding, in the order a role's findings are listed: the
// cause first, what follows from it after.
const (
	NeverFits    FindingKind = "never-fits"
	PoolFull     FindingKind = "pool-full"
	PartitionCap FindingKind = "partition-cap"
	PinnedAtMax  FindingKind = "pinned-at-max"
	Starved      FindingKind = "starved"
	Flapping     FindingKind = "flapping"
	NotDrained   FindingKind = "not-drained"
)

func (k FindingKind) String() string { return strings.ReplaceAll(string(k), "-", " ") }

// Thresholds of the findings: shorter stretches are what scaling looks
// like, not a problem.
const (
	// pinnedFor is how long a role must sit at its maximum (or its
	// partition cap) with the load above what that does.
	pinnedFor = 5 * 60
	// poolFullFor is how long pods must wait on a pool at its maxNodes.
	poolFullFor = 60
	// flapWithin and flapCount: a direction change within flapWithin of
	// the move before is a quick flip; flapCount of them are flapping.
	flapWithin = 10 * 60
	flapCount  = 3
)

// findings judges a finished run, role by role. It needs the series.
func (m *model) findings(res *Result) []Finding {
	var out []Finding
	for _, rm := range m.roles {
		if rm.run.Series == nil || len(rm.run.Series.Desired) == 0 {
			continue
		}
		out = append(out, m.roleFindings(rm, res)...)
	}
	return out
}

func (m *model) roleFindings(rm *roleModel, res *Result) []Finding {
	r, s, ser := rm.run, rm.run.Summary, rm.run.Series
	var out []Finding
	add := func(k FindingKind, pool, text, fix string) {
		out = append(out, Finding{Kind: k, Role: r.Name, Pool: pool, Text: text, Fix: fix})
	}
	peak := 0.0
	for _, a := range ser.Arrivals {
		peak = max(peak, a)
	}
	need := replicasFor(peak, rm.tps)
	g := rm.group

	// Pods that cannot run, or cannot get a node.
	if g.Pool != nil && g.PerNode() == 0 && s.Unschedulable > 0 {
		add(NeverFits, g.Pool.Name,
			fmt.Sprintf("its pods never fit a node of pool %s: they request %s, an empty node offers %s", g.Pool.Name, describeResources(g.Request), describeResources(g.Pool.Allocatable)),
			fmt.Sprintf("lower the role's requests (resources.requests) or give it a pool with larger nodes (nodePool)"))
	} else if full, peakPending := poolFullTime(rm, m.poolOf[g.Pool], res.Step); full >= poolFullFor {
		p := m.poolOf[g.Pool]
		extra := int(math.Ceil(float64(peakPending) / float64(g.PerNode())))
		add(PoolFull, p.Name,
			fmt.Sprintf("pods waited %s for a node while pool %s was full at its maxNodes (%d), up to %d at once", figures.Duration(full), p.Name, p.Max, peakPending),
			fmt.Sprintf("raise pool %s's maxNodes to at least %d (%d more nodes hold those %d pods at %d per node), or lower the role's requests or max replicas",
				p.Name, p.Max+extra, extra, peakPending, g.PerNode()))
	}

	// A ceiling the load needs more than: the topic's partitions, or max.
	capped := false
	if rm.workers > 0 && rm.workers < r.Max && rm.sj == nil {
		atCap, idle := int64(0), int64(0)
		for _, d := range ser.Desired {
			if d >= rm.workers {
				atCap += res.Step
			}
			if d > rm.workers {
				idle += int64(d-rm.workers) * res.Step
			}
		}
		if atCap >= pinnedFor && peak > rm.capacity(r.Max)*(1+1e-9) {
			capped = true
			beyond := fmt.Sprintf("max replicas %d is never reached", r.Max)
			if idle > 0 {
				beyond = fmt.Sprintf("the replicas above %d did no work (%s replica-hours)", rm.workers, figures.Rate(float64(idle)/3600))
			}
			add(PartitionCap, "",
				fmt.Sprintf("it ran at its topic's %d partitions (one consumer each) for %s, and its backlog grew to %s tasks: %d consumers do %s tasks/s, the load peaked at %s tasks/s; %s",
					rm.workers, figures.Duration(atCap), figures.Count(s.PeakBacklog), rm.workers, figures.Rate(rm.capacity(r.Max)), figures.Rate(peak), beyond),
				fmt.Sprintf("add partitions to the topic (%d keep up with the peak) and set partitions in swarm.yaml (or the agentscale.dev/kafka-partitions annotation) to match; replicas beyond the partitions do no work, even with allowIdleConsumers",
					need))
		}
	}
	atMax, fix := rm.capacity(r.Max), ""
	if r.Jobs {
		// Each Job takes one task and KEDA starts Jobs only when it polls:
		// what they did while tasks waited is the measure, not the rate.
		atMax = jobsRate(ser, res.Step)
	}
	if !capped && s.AtMax >= pinnedFor && r.Min < r.Max && peak > atMax*(1+1e-9) {
		capped = true
		what, how := "replicas", ""
		if r.Jobs {
			what = "Jobs"
			how = fmt.Sprintf(" (one task each, started at KEDA's %s polls)", figures.Duration(rm.sj.Polling))
			need = r.Max
			if atMax > 0 {
				need = replicasFor(peak, atMax/float64(r.Max))
			}
			fix = fmt.Sprintf("raise the role's max replicas (replicas.max; maxReplicaCount on the ScaledJob) towards %d, what the peak needs at that pace, poll more often (scaling.keda.pollingInterval, %s now), or let each Job take more than one task", need, figures.Duration(rm.sj.Polling))
		} else {
			fix = fmt.Sprintf("raise the role's max replicas (replicas.max; maxReplicas or maxReplicaCount in manifests) towards %d, what the peak needs, or make each replica faster", need)
		}
		if rm.workers > 0 && need > rm.workers {
			fix += fmt.Sprintf("; beyond its topic's %d partitions add partitions too", rm.workers)
		}
		if per := g.PerNode(); per > 0 {
			if nodes := int(math.Ceil(float64(need) / float64(per))); nodes > g.Pool.Max {
				fix += fmt.Sprintf("; %d of its pods alone need %d nodes of pool %s (%d per node), above its maxNodes %d: raise that too", need, nodes, g.Pool.Name, per, g.Pool.Max)
			}
		}
		add(PinnedAtMax, "",
			fmt.Sprintf("it sat at its maximum of %d %s for %s of %s, and its backlog grew to %s tasks: %d %s%s did %s tasks/s, the load peaked at %s tasks/s",
				r.Max, what, figures.Duration(s.AtMax), figures.Duration(res.Duration), figures.Count(s.PeakBacklog), r.Max, what, how, figures.Rate(atMax), figures.Rate(peak)),
			fix)
	}

	if st := rm.starved; st != nil {
		keep := replicasFor(st.rate, rm.tps)
		add(Starved, "",
			fmt.Sprintf("at %s its autoscaler cut it from %d to %d replicas while %s tasks/s arrived (%d replicas keep up): a backlog target (Kafka lag, queue length, pending tasks) sizes a role to its backlog, not its throughput, so once the backlog drains it scales down and the backlog grows back; the real controllers do the same",
				figures.Duration(st.at), st.from, st.to, figures.Rate(st.rate), keep),
			fmt.Sprintf("raise the minimum (replicas.min; minReplicas or minReplicaCount) to %d, what the steady load needs, or add a throughput-aware trigger (a prometheus trigger on the arrival rate, one replica's rate as threshold); a scale-down stabilization window (behavior.scaleDown.stabilizationWindowSeconds) only delays the drop",
				keep))
	}

	if !r.Jobs && (rm.hpa != nil || rm.so != nil) {
		if quick, longest := quickFlips(ser.Desired, res.Step); quick >= flapCount {
			add(Flapping, "",
				fmt.Sprintf("%d direction flips in %s (%d scale events), %d of them within %d minutes of the move before", s.Flips, figures.Duration(res.Duration), s.ScaleEvents, quick, flapWithin/60),
				rm.flapFix(longest, ser.Desired))
		}
	}

	if !s.Drained && !capped && rm.starved == nil && !hasKind(out, PoolFull, NeverFits) {
		text, fix := rm.notDrained(res)
		add(NotDrained, "", text, fix)
	}
	return out
}

// notDrained says why a backlog was left at the end, and what to do: too
// few replicas for the load, still scaling up, or a run that ends too soon
// after the peak.
func (rm *roleModel) notDrained(res *Result) (text, fix string) {
	s, ser := rm.run.Summary, rm.run.Series
	n := len(ser.Desired)
	ready, desired, arriving := ser.Ready[n-1], ser.Desired[n-1], ser.Arrivals[n-1]
	text = fmt.Sprintf("its backlog never drained: %s tasks were still waiting at the end (peak %s at %s); at the end %d ready replicas did %s tasks/s against %s arriving",
		figures.Count(s.FinalBacklog), figures.Count(s.PeakBacklog), figures.Duration(s.PeakBacklogAt), ready, figures.Rate(rm.capacity(ready)), figures.Rate(arriving))
	need := replicasFor(arriving, rm.tps)
	left := res.Duration - s.PeakBacklogAt
	behind := rm.capacity(ready) < arriving*(1+1e-9)
	switch {
	case behind && rm.hpa == nil && rm.so == nil && rm.sj == nil:
		fix = fmt.Sprintf("it has a fixed %d replicas and no autoscaler: raise its replicas to at least %d, or let it scale (scaling.hpa or scaling.keda)", desired, need+1)
	case behind && rm.capacity(desired) < arriving*(1+1e-9):
		fix = fmt.Sprintf("its autoscaler holds %d replicas, fewer than the %d the load needs: lower its target, or raise the minimum (replicas.min)", desired, need+1)
	case behind || left*10 < res.Duration || left < pinnedFor:
		fix = fmt.Sprintf("it was still catching up %s after the backlog's peak: run longer (the scenario's duration, --duration) to see it drain, or scale up sooner (a lower target)", figures.Duration(left))
	default:
		fix = "it had the replicas to drain but kept a backlog: a target on the backlog lets that much wait; lower the target"
	}
	return text, fix
}

// replicasFor is how many replicas doing perReplica tasks/s each keep up
// with rate (float noise just above a whole number does not round up).
func replicasFor(rate, perReplica float64) int32 {
	return int32(math.Min(math.Ceil(rate/perReplica-1e-9), math.MaxInt32))
}

// jobsRate is the tasks per second a Job role completed while tasks
// waited: its pace when the queue does not hold it back.
func jobsRate(ser *RoleSeries, step int64) float64 {
	var done float64
	var steps int64
	for i, b := range ser.Backlog {
		if b >= 1 {
			done += ser.Processed[i]
			steps++
		}
	}
	if steps == 0 {
		return 0
	}
	return done / float64(steps*step)
}

// flapFix says how to calm a role that flips: KEDA's cooldown for flips
// through zero, else a longer scale-down window, long enough to span the
// longest quick rebound seen.
func (rm *roleModel) flapFix(longest int64, desired []int32) string {
	if rm.starved != nil {
		return "the flips follow from its backlog target (starved, above): fix that first; a longer scale-down window only spaces the drops out"
	}
	if rm.so != nil && rm.so.Min == 0 && throughZero(desired) {
		return fmt.Sprintf("it scales to zero and back: raise the ScaledObject's cooldownPeriod (scaling.keda.cooldownPeriod; %s now) past the gaps in the load, or keep a replica (replicas.min: 1)", figures.Duration(rm.so.Cooldown))
	}
	var window int64
	where := "scaling.hpa.behavior in swarm.yaml, spec.behavior on the HorizontalPodAutoscaler"
	if rm.so != nil {
		window = rm.so.HPA.ScaleDownWindow()
		where = "scaling.keda.behavior in swarm.yaml, advanced.horizontalPodAutoscalerConfig.behavior on the ScaledObject"
	} else {
		window = rm.hpa.ScaleDownWindow()
	}
	// The window must outlast a dip with room to spare: half again the
	// window and rebound seen, in whole minutes.
	want := ((window+longest)*3/2 + 59) / 60 * 60
	return fmt.Sprintf("lengthen the scale-down stabilization window to about %ds (behavior.scaleDown.stabilizationWindowSeconds, %s; %ds now), so a dip shorter than that does not scale it down, or slow scale-down with behavior.scaleDown.policies",
		want, where, window)
}

// quickFlips counts the direction changes of desired that come within
// flapWithin of the move before, and the longest such gap in seconds.
func quickFlips(desired []int32, step int64) (quick int, longest int64) {
	dir, last := 0, -1
	for i := 1; i < len(desired); i++ {
		if desired[i] == desired[i-1] {
			continue
		}
		d := 1
		if desired[i] < desired[i-1] {
			d = -1
		}
		if gap := int64(i-last) * step; dir != 0 && d != dir && gap <= flapWithin {
			quick++
			longest = max(longest, gap)
		}
		dir, last = d, i
	}
	return quick, longest
}

func throughZero(desired []int32) bool {
	for i := 1; i < len(desired); i++ {
		if desired[i] > 0 && desired[i-1] == 0 {
			return true
		}
	}
	return false
}

// poolFullTime is how long some of the role's pods were pending while its
// pool was at its maxNodes, and the most pending at such a time.
func poolFullTime(rm *roleModel, p *PoolRun, step int64) (full int64, peak int32) {
	if p == nil || p.Nodes == nil {
		return 0, 0
	}
	ser := rm.run.Series
	for i, pending := range ser.Pending {
		if pending > 0 && int(p.Nodes[i]) >= p.Max {
			full += step
			peak = max(peak, pending)
		}
	}
	return full, peak
}

func hasKind(fs []Finding, kinds ...FindingKind) bool {
	for _, f := range fs {
		for _, k := range kinds {
			if f.Kind == k {
				return true
			}
		}
	}
	return false
}

// describeResources formats what a pod requests or a node offers.
func describeResources(r cluster.Resources) string {
	parts := []string{
		"cpu " + resource.NewMilliQuantity(r.CPU, resource.DecimalSI).String(),
		"memory " + resource.NewQuantity(r.Mem, resource.BinarySI).String(),
	}
	if r.GPU > 0 {
		parts = append(parts, fmt.Sprintf("%d GPU", r.GPU))
	}
	return strings.Join(parts, ", ")
}
