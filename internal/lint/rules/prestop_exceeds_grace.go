package rules

import (
	"fmt"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/agentscale/agentscale/internal/lint"
)

// PreStopExceedsGrace: a preStop pause that uses up the termination grace
// period. The grace period counts from the start of the preStop hook, so
// a hook as long as the period leaves the agent no time between SIGTERM
// and SIGKILL (the kubelet grants 2 s more once, then kills). The pause is
// read from the sleep action, or an exec of `sleep N` (also through
// `sh -c`); other hooks have no length to read.
var PreStopExceedsGrace = &lint.Rule{
	ID:       "prestop-exceeds-grace",
	Severity: lint.Warning,
	Why:      "The termination grace period counts from the start of the preStop hook: a pause as long as the grace period leaves the agent no time to finish its task after SIGTERM before it is killed.",
	Fix:      "Keep the preStop pause a few seconds (long enough for endpoints to drain) and well below terminationGracePeriodSeconds, or raise the grace period.",
	Check:    checkPreStopExceedsGrace,
}

// defaultGrace is the API server's terminationGracePeriodSeconds default.
const defaultGrace = 30

func checkPreStopExceedsGrace(c *lint.Context) {
	for _, w := range c.Workloads() {
		pod, path := w.PodTemplate()
		if pod == nil {
			continue
		}
		grace := int64(defaultGrace)
		if g := pod.Spec.TerminationGracePeriodSeconds; g != nil {
			grace = *g
		}
		for i := range pod.Spec.Containers {
			ct := &pod.Spec.Containers[i]
			pause, ok := preStopPause(ct.Lifecycle)
			if !ok || pause < grace {
				continue
			}
			c.Report(w, lint.At(fmt.Sprintf("%s.spec.containers[%d].lifecycle.preStop", path, i), "terminationGracePeriodSeconds"),
				"container %q pauses %ds in preStop, but the pod's grace period is %ds: it is killed before it can finish after SIGTERM", ct.Name, pause, grace)
		}
	}
}

// preStopPause is the seconds a preStop hook sleeps, when it says.
func preStopPause(l *corev1.Lifecycle) (int64, bool) {
	if l == nil || l.PreStop == nil {
		return 0, false
	}
	h := l.PreStop
	if h.Sleep != nil {
		return h.Sleep.Seconds, true
	}
	if h.Exec == nil {
		return 0, false
	}
	cmd := h.Exec.Command
	if n := len(cmd); n >= 3 && (strings.HasSuffix(cmd[0], "sh") && cmd[n-2] == "-c") {
		cmd = strings.Fields(cmd[n-1])
	}
	if len(cmd) != 2 || (cmd[0] != "sleep" && !strings.HasSuffix(cmd[0], "/sleep")) {
		return 0, false
	}
	s, err := strconv.ParseFloat(strings.TrimSuffix(cmd[1], "s"), 64)
	if err != nil || s < 0 {
		return 0, false
	}
	return int64(s), true
}
