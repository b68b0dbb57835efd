package rules

import (
	"github.com/agentscale/agentscale/internal/lint"
	"github.com/agentscale/agentscale/internal/render"
)

// EvictableLongTasks: pods running long tasks that node scale-down may
// evict. The Cluster Autoscaler treats a Job's pods as replicated and
// evicts them to remove a node (each eviction counts against the Job's
// backoffLimit), and it cuts any drain at --max-graceful-termination-sec
// (600 s by default), so a Deployment or StatefulSet that grants its pods
// longer to finish loses the task anyway. Karpenter's consolidation does
// the same. Either opt-out annotation shows the author decided; bare Pods
// and DaemonSets are never evicted for scale-down.
var EvictableLongTasks = &lint.Rule{
	ID:       "evictable-long-tasks",
	Severity: lint.Warning,
	Why:      "The Cluster Autoscaler and Karpenter evict pods to remove an underused node: a Job's pod loses its task and counts a failure against backoffLimit, and a drain is cut at 600 s whatever the grace period.",
	Fix:      `Annotate the pod template with cluster-autoscaler.kubernetes.io/safe-to-evict: "false" and karpenter.sh/do-not-disrupt: "true" (in swarm.yaml: longTasks: true; Job roles get them).`,
	Check:    checkEvictableLongTasks,
}

// caMaxGracefulTermination is the Cluster Autoscaler's default
// --max-graceful-termination-sec: how long a scale-down drain waits.
const caMaxGracefulTermination = 600

func checkEvictableLongTasks(c *lint.Context) {
	for _, w := range c.Workloads() {
		pod, path := w.PodTemplate()
		if pod == nil || path == "" {
			continue // a bare Pod: no controller, the autoscaler leaves its node alone
		}
		a := pod.Annotations
		if a[render.AnnotationSafeToEvict] == "false" || a[render.AnnotationDoNotDisrupt] == "true" {
			continue
		}
		at := lint.At(path+".metadata.annotations", "annotations")
		switch w.Kind {
		case "Job", "CronJob", "ScaledJob":
			c.Report(w, at, "%s's pods run a task to its end, but node scale-down may evict them mid-task (each eviction counts against backoffLimit): nothing says safe-to-evict: \"false\" or do-not-disrupt", w.Ref())
		case "Deployment", "StatefulSet", "ReplicaSet":
			if g := pod.Spec.TerminationGracePeriodSeconds; g != nil && *g > caMaxGracefulTermination {
				c.Report(w, lint.At(path+".spec.terminationGracePeriodSeconds", "terminationGracePeriodSeconds"),
					"%s gives its pods %ds to finish a task, but the Cluster Autoscaler cuts a scale-down drain at %ds: mark the pods safe-to-evict: \"false\" (longTasks: true in swarm.yaml)", w.Ref(), *g, caMaxGracefulTermination)
			}
		}
	}
}
