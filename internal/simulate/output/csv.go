package output

import (
	"bufio"
	"github.com/agentscale/agentscale/internal/simulate/figures"
	"io"
	"strconv"

	"github.com/agentscale/agentscale/internal/simulate"
)

// CSVHeader names the time-series columns; docs/simulate.md describes them.
const CSVHeader = "time_s,role,arrivals,backlog,desired_replicas,ready_replicas,pending_pods,nodes,starting_pods,processed"

// CSV writes one row per role per step.
func CSV(w io.Writer, res *simulate.Result) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString(CSVHeader + "\n")
	nodes := poolNodes(res)
	poolOf := make([][]int32, len(res.Roles)) // each role's pool series, looked up once
	for k, r := range res.Roles {
		poolOf[k] = nodes[r.Pool]
	}
	buf := make([]byte, 0, 128)
	for i := range res.Steps {
		t := strconv.FormatInt(int64(i)*res.Step, 10)
		for k, r := range res.Roles {
			s := r.Series
			buf = append(buf[:0], t...)
			buf = append(buf, ',')
			buf = append(buf, r.Name...)
			buf = append(buf, ',')
			buf = appendNum(buf, s.Arrivals[i])
			buf = append(buf, ',')
			buf = appendNum(buf, s.Backlog[i])
			buf = appendInt(buf, s.Desired[i])
			buf = appendInt(buf, s.Ready[i])
			buf = appendInt(buf, s.Pending[i])
			buf = appendInt(buf, nodeAt(poolOf[k], i))
			buf = appendInt(buf, s.Starting[i])
			buf = append(buf, ',')
			buf = appendNum(buf, s.Processed[i])
			buf = append(buf, '\n')
			bw.Write(buf)
		}
	}
	return bw.Flush()
}

func poolNodes(res *simulate.Result) map[string][]int32 {
	m := map[string][]int32{}
	for _, p := range res.Pools {
		m[p.Name] = p.Nodes
	}
	return m
}

func nodeAt(nodes []int32, i int) int32 {
	if i < len(nodes) {
		return nodes[i]
	}
	return 0
}

func appendInt(buf []byte, v int32) []byte {
	return strconv.AppendInt(append(buf, ','), int64(v), 10)
}

// appendNum is num without the string: whole numbers take the fast path.
func appendNum(buf []byte, v float64) []byte {
	v = figures.Round3(v)
	if v == float64(int64(v)) && v < 1e15 && v > -1e15 {
		return strconv.AppendInt(buf, int64(v), 10)
	}
	return strconv.AppendFloat(buf, v, 'f', -1, 64)
}
