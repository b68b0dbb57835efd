package output

import (
	"bufio"
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
	buf := make([]byte, 0, 128)
	for i := range res.Steps {
		t := strconv.FormatInt(int64(i)*res.Step, 10)
		for _, r := range res.Roles {
			s := r.Series
			buf = append(buf[:0], t...)
			buf = append(buf, ',')
			buf = append(buf, r.Name...)
			buf = append(buf, ',')
			buf = strconv.AppendFloat(buf, round3(s.Arrivals[i]), 'f', -1, 64)
			buf = append(buf, ',')
			buf = strconv.AppendFloat(buf, round3(s.Backlog[i]), 'f', -1, 64)
			for _, v := range []int32{s.Desired[i], s.Ready[i], s.Pending[i], nodeAt(nodes[r.Pool], i), s.Starting[i]} {
				buf = append(buf, ',')
				buf = strconv.AppendInt(buf, int64(v), 10)
			}
			buf = append(buf, ',')
			buf = strconv.AppendFloat(buf, round3(s.Processed[i]), 'f', -1, 64)
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
