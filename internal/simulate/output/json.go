package output

import (
	"bufio"
	"encoding/json"
	"github.com/agentscale/agentscale/internal/simulate/figures"
	"io"

	"github.com/agentscale/agentscale/internal/simulate"
)

type jsonResult struct {
	Swarm           string        `json:"swarm"`
	Env             string        `json:"env,omitempty"`
	Load            string        `json:"load"`
	DurationSeconds int64         `json:"durationSeconds"`
	StepSeconds     int64         `json:"stepSeconds"`
	Roles           []jsonRole    `json:"roles"`
	Pools           []jsonPool    `json:"nodePools"`
	Findings        []JSONFinding `json:"findings,omitempty"`
	Notes           []string      `json:"notes,omitempty"`
}

// JSONFinding is a finding in -o json, here and in agentscale test's report.
type JSONFinding struct {
	Kind string `json:"kind"`
	Role string `json:"role"`
	Pool string `json:"nodePool,omitempty"`
	Text string `json:"text"`
	Fix  string `json:"fix"`
}

// JSONFindings converts findings for -o json.
func JSONFindings(fs []simulate.Finding) []JSONFinding {
	out := make([]JSONFinding, len(fs))
	for i, f := range fs {
		out[i] = JSONFinding{Kind: string(f.Kind), Role: f.Role, Pool: f.Pool, Text: f.Text, Fix: f.Fix}
	}
	return out
}

type jsonRole struct {
	Name           string      `json:"name"`
	Pool           string      `json:"nodePool,omitempty"`
	Autoscaler     string      `json:"autoscaler"`
	Min            int32       `json:"minReplicas"`
	Max            int32       `json:"maxReplicas"`
	TasksPerSecond float64     `json:"tasksPerSecond"`
	StartupSeconds int64       `json:"startupSeconds"`
	Summary        jsonSummary `json:"summary"`
	Series         *jsonSeries `json:"series,omitempty"`
}

type jsonSummary struct {
	Arrived              float64 `json:"arrivedTasks"`
	Processed            float64 `json:"processedTasks"`
	PeakBacklog          float64 `json:"peakBacklog"`
	PeakBacklogAt        int64   `json:"peakBacklogAtSeconds"`
	FinalBacklog         float64 `json:"finalBacklog"`
	WorstWait            int64   `json:"worstWaitSeconds"`
	P95Wait              int64   `json:"p95WaitSeconds"`
	WaitAtLeast          bool    `json:"waitsAreLowerBounds"`
	Drained              bool    `json:"drained"`
	DrainAfterPeak       *int64  `json:"drainAfterPeakSeconds"`
	ReplicaHours         float64 `json:"replicaHours"`
	PeakDesired          int32   `json:"peakDesiredReplicas"`
	PeakReady            int32   `json:"peakReadyReplicas"`
	ScaleEvents          int     `json:"scaleEvents"`
	Flips                int     `json:"directionFlips"`
	AtMax                int64   `json:"atMaxReplicasSeconds"`
	UnschedulableSeconds int64   `json:"unschedulableSeconds"`
	NodeHours            float64 `json:"nodeHours"`
	Cost                 float64 `json:"cost"`
	JobsStarted          *int    `json:"jobsStarted,omitempty"`
}

// jsonSeries is columnar: one array per measure, index i is time i×step.
type jsonSeries struct {
	Arrivals  []float64 `json:"arrivals"`
	Backlog   []float64 `json:"backlog"`
	Processed []float64 `json:"processed"`
	Desired   []int32   `json:"desiredReplicas"`
	Ready     []int32   `json:"readyReplicas"`
	Starting  []int32   `json:"startingPods"`
	Pending   []int32   `json:"pendingPods"`
}

type jsonPool struct {
	Name      string  `json:"name"`
	Price     float64 `json:"pricePerHour"`
	Min       int     `json:"minNodes"`
	Max       int     `json:"maxNodes"`
	NodeHours float64 `json:"nodeHours"`
	Cost      float64 `json:"cost"`
	PeakNodes int32   `json:"peakNodes"`
	Final     int32   `json:"finalNodes"`
	Added     int     `json:"nodesAdded"`
	Removed   int     `json:"nodesRemoved"`
	Nodes     []int32 `json:"nodes,omitempty"`
}

// JSON writes the summary and, when the result holds them, the series.
func JSON(w io.Writer, res *simulate.Result) error {
	return writeJSON(w, toJSON(res))
}

// writeJSON indents v like kubectl does, but keeps arrays of numbers (the
// series) on one line each: a day at 1 s steps is not 600,000 lines. It
// marshals compactly and indents in one pass (a regexp over the indented
// output took minutes for 2,000 roles).
func writeJSON(w io.Writer, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	indent(bw, data)
	bw.WriteByte('\n')
	return bw.Flush()
}

// indent writes compact JSON data indented by two spaces, except arrays
// whose first element is a number, which stay on one line.
func indent(w *bufio.Writer, data []byte) {
	depth, inString, flat := 0, false, 0 // flat > 0: inside a one-line array
	newline := func() {
		w.WriteByte('\n')
		for range depth {
			w.WriteString("  ")
		}
	}
	for i := 0; i < len(data); i++ {
		c := data[i]
		if inString {
			w.WriteByte(c)
			switch c {
			case '\\':
				i++
				w.WriteByte(data[i])
			case '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
			w.WriteByte(c)
		case '{', '[':
			w.WriteByte(c)
			if flat > 0 {
				flat++
				continue
			}
			if i+1 < len(data) && (data[i+1] == ']' || data[i+1] == '}') {
				continue // empty: [] or {}
			}
			if c == '[' && i+1 < len(data) && (data[i+1] == '-' || data[i+1] >= '0' && data[i+1] <= '9') {
				flat = 1
				continue
			}
			depth++
			newline()
		case '}', ']':
			if flat > 0 {
				flat--
				w.WriteByte(c)
				continue
			}
			if data[i-1] != '[' && data[i-1] != '{' {
				depth--
				newline()
			}
			w.WriteByte(c)
		case ',':
			w.WriteByte(c)
			if flat == 0 {
				newline()
			}
		case ':':
			w.WriteString(": ")
		default:
			w.WriteByte(c)
		}
	}
}

func toJSON(res *simulate.Result) jsonResult {
	out := jsonResult{Swarm: res.Swarm, Env: res.Env, Load: res.Load, DurationSeconds: res.Duration, StepSeconds: res.Step,
		Roles: []jsonRole{}, Pools: []jsonPool{}, Findings: JSONFindings(res.Findings), Notes: res.Notes}
	for _, r := range res.Roles {
		out.Roles = append(out.Roles, jsonRole{Name: r.Name, Pool: r.Pool, Autoscaler: r.Autoscaler, Min: r.Min, Max: r.Max,
			TasksPerSecond: r.TasksPerSecond, StartupSeconds: r.StartupSeconds, Summary: summaryJSON(r.Summary, r.Jobs), Series: seriesJSON(r.Series)})
	}
	for _, p := range res.Pools {
		s := p.Summary
		out.Pools = append(out.Pools, jsonPool{Name: p.Name, Price: p.Price, Min: p.Min, Max: p.Max, NodeHours: figures.Round3(s.NodeHours),
			Cost: figures.Round3(s.Cost), PeakNodes: s.PeakNodes, Final: s.FinalNodes, Added: s.Added, Removed: s.Removed, Nodes: p.Nodes})
	}
	return out
}

func summaryJSON(s simulate.RoleSummary, jobs bool) jsonSummary {
	j := jsonSummary{Arrived: figures.Round3(s.Arrived), Processed: figures.Round3(s.Processed), PeakBacklog: figures.Round3(s.PeakBacklog),
		PeakBacklogAt: s.PeakBacklogAt, FinalBacklog: figures.Round3(s.FinalBacklog), WorstWait: s.WorstWait, P95Wait: s.P95Wait,
		WaitAtLeast: s.WaitAtLeast, Drained: s.Drained, ReplicaHours: figures.Round3(s.ReplicaHours), PeakDesired: s.PeakDesired,
		PeakReady: s.PeakReady, ScaleEvents: s.ScaleEvents, Flips: s.Flips, AtMax: s.AtMax, UnschedulableSeconds: s.Unschedulable,
		NodeHours: figures.Round3(s.NodeHours), Cost: figures.Round3(s.Cost)}
	if s.Drained {
		d := s.DrainAfterPeak
		j.DrainAfterPeak = &d
	}
	if jobs {
		n := s.JobsStarted
		j.JobsStarted = &n
	}
	return j
}

func seriesJSON(s *simulate.RoleSeries) *jsonSeries {
	if s == nil {
		return nil
	}
	return &jsonSeries{Arrivals: rounded(s.Arrivals), Backlog: rounded(s.Backlog), Processed: rounded(s.Processed),
		Desired: s.Desired, Ready: s.Ready, Starting: s.Starting, Pending: s.Pending}
}

func rounded(v []float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = figures.Round3(x)
	}
	return out
}
