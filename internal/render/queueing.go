package render

import (
	"regexp"
	"strconv"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/agentscale/agentscale/internal/promsel"
	"github.com/agentscale/agentscale/internal/spec"
)

// backlogQuery is PromQL for the work waiting for the role, in the unit
// its agents process, or "" when it scales on none: its first HPA Object
// or External metric (the swarm format's "N tasks per agent", a total
// summed over the series the metric is read from), or its first KEDA
// trigger that reads a queue's length (keda_scaler_metrics_value of that
// trigger). ns is a namespace or a Grafana variable.
func backlogQuery(rc *roleContext, ns string) string {
	sc := rc.role.Scaling
	switch {
	case sc == nil:
	case sc.HPA != nil:
		for _, m := range sc.HPA.Metrics {
			if m.Type == spec.MetricObject || m.Type == spec.MetricExternal {
				return "sum(" + promsel.Selector(m.Name, ns, seriesLabels(rc, m), selectorMatchers(m)...) + ")"
			}
		}
	case sc.KEDA != nil && !rc.isJob():
		for i, t := range sc.KEDA.Triggers {
			if queueTriggers[t.Type] {
				return "sum(" + promsel.KEDA("keda_scaler_metrics_value", ns,
					map[string]string{"scaledObject": rc.name, "triggerIndex": strconv.Itoa(i)}) + ")"
			}
		}
	}
	return ""
}

// queueingTimeQuery estimates how long a new task waits, in seconds: the
// backlog over what the ready replicas process (simulation.tasksPerSecond
// each, the figure simulate uses), counting at least one replica so a
// role scaled to zero reads as the time one agent would take. "" when the
// role has no backlog series, or runs Jobs.
func queueingTimeQuery(rc *roleContext, ns string) string {
	backlog := backlogQuery(rc, ns)
	if backlog == "" {
		return ""
	}
	ready := readySeries(rc, ns)
	tps := strconv.FormatFloat(rc.role.TasksPerSecond(), 'g', -1, 64)
	return backlog + "\n  / (clamp_min(max(" + ready + "), 1) * " + tps + ")"
}

// seriesLabels select the series a custom metric is read from: the
// workload's for Object and Pods metrics (labelled by the ServiceMonitor
// or PodMonitor), the described object's for an Object metric about
// another object, the metric's selector for External ones.
func seriesLabels(rc *roleContext, m spec.HPAMetric) map[string]string {
	switch m.Type {
	case spec.MetricObject:
		if d := m.DescribedObject; d != nil {
			return map[string]string{strings.ToLower(d.Kind): d.Name}
		}
		return map[string]string{workloadLabel(rc.kind): rc.name}
	case spec.MetricPods:
		return map[string]string{workloadLabel(rc.kind): rc.name}
	}
	if m.Selector != nil {
		return m.Selector.MatchLabels
	}
	return nil
}

// queueTriggers are the KEDA scalers whose metric is the number of
// messages waiting, uncapped. Kafka is not one: KEDA reports a consumer
// group's lag capped at partitions × lagThreshold (allowIdleConsumers
// off, its default; kafka_scaler.go), so at the cap the wait it implies
// is a floor, not an estimate. A prometheus trigger's query may be
// anything (a rate, a ratio).
var queueTriggers = map[string]bool{
	"rabbitmq": true, "aws-sqs-queue": true, "azure-queue": true, "azure-servicebus": true,
	"gcp-pubsub": true, "redis": true, "redis-cluster": true, "redis-sentinel": true,
	"redis-streams": true, "nats-jetstream": true, "activemq": true, "artemis-queue": true,
	"ibmmq": true, "beanstalkd": true,
}

// selectorMatchers are an External metric selector's matchExpressions as
// PromQL matchers, so the backlog sums the series the HPA reads.
func selectorMatchers(m spec.HPAMetric) []string {
	if m.Type != spec.MetricExternal || m.Selector == nil {
		return nil
	}
	var out []string
	for _, e := range m.Selector.MatchExpressions {
		values := make([]string, len(e.Values))
		for i, v := range e.Values {
			values[i] = regexp.QuoteMeta(v)
		}
		alt := promsel.Escape(strings.Join(values, "|"))
		switch e.Operator {
		case metav1.LabelSelectorOpIn:
			out = append(out, e.Key+`=~"`+alt+`"`)
		case metav1.LabelSelectorOpNotIn:
			out = append(out, e.Key+`!~"`+alt+`"`)
		case metav1.LabelSelectorOpExists:
			out = append(out, e.Key+`!=""`)
		case metav1.LabelSelectorOpDoesNotExist:
			out = append(out, e.Key+`=""`)
		}
	}
	return out
}

// countsWork reports whether a KEDA trigger's metric is work waiting (a
// queue, a lag, a query), not utilization or a schedule.
func countsWork(typ string) bool { return typ != "cpu" && typ != "memory" && typ != "cron" }
