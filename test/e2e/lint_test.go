package e2e

import (
	"encoding/json"
	"fmt"
	"sort"
)

// lintFindings runs agentscale lint -o json on a file and returns its
// findings as "object: rule" keys, sorted. failed is true when lint exited 1
// (a finding at or above --fail-on error).
func lintFindings(dir, file string) (keys []string, failed bool, r result, err error) {
	r = run(nil, nil, dir, env.agentscale, "lint", "-o", "json", file)
	var rep struct {
		Findings []struct {
			Rule     string `json:"rule"`
			Object   string `json:"object"`
			Severity string `json:"severity"`
		} `json:"findings"`
	}
	if jerr := json.Unmarshal([]byte(r.stdout), &rep); jerr != nil {
		return nil, false, r, fmt.Errorf("lint output is not its JSON report: %v\n%s", jerr, r)
	}
	for _, f := range rep.Findings {
		keys = append(keys, fmt.Sprintf("%s: %s (%s)", f.Object, f.Rule, f.Severity))
	}
	sort.Strings(keys)
	failed = r.err != nil
	if failed && len(rep.Findings) == 0 {
		return keys, failed, r, fmt.Errorf("lint failed without findings:\n%s", r)
	}
	return keys, failed, r, nil
}
