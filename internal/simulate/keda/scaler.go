package keda

import (
	"fmt"
	"strings"

	"github.com/agentscale/agentscale/internal/keda/catalog"
	"github.com/agentscale/agentscale/internal/simulate/hpa"
)

// Input is what the scalers observe of one role at one instant.
type Input struct {
	Now int64
	// Backlog is the role's waiting tasks: Kafka lag, queue length, or the
	// value a Prometheus query returns.
	Backlog float64
	// InFlight is tasks being processed (received, not yet deleted or
	// committed).
	InFlight float64
	// Uncommitted is tasks processed since the consumers' last offset
	// commit (Kafka with auto-commit); 0 when they commit each message.
	Uncommitted float64
	// Rate is arrivals per second (RabbitMQ MessageRate mode).
	Rate float64
	// Utilization is the ready pods' average CPU/memory utilization, percent.
	Utilization float64
	// Pods are the target's pods as the HPA sees them.
	Pods hpa.Pods
}

// Scaler is one trigger as the simulation evaluates it.
type Scaler interface {
	// Metric is the value KEDA's metrics server gives the HPA, and whether
	// the trigger is active (drives 0 ↔ 1).
	Metric(in Input) (value float64, active bool)
	// HPAMetric is the metric entry of the HPA KEDA creates for the trigger.
	HPAMetric() hpa.Metric
}

// FieldError is a bad trigger field; Field is the metadata key, or "" for
// the trigger as a whole.
type FieldError struct {
	Field string
	Msg   string
}

func (e *FieldError) Error() string {
	if e.Field == "" {
		return e.Msg
	}
	return "metadata." + e.Field + ": " + e.Msg
}

// Trigger is the part of a swarm trigger a scaler reads.
type Trigger struct {
	Index      int
	Type       string
	MetricType string
	Metadata   map[string]string
	// Auth names the parameters a TriggerAuthentication supplies.
	Auth       []string
	Partitions *int32
	// Requests are one pod's requests (cores, bytes) by resource name, for
	// cpu and memory triggers.
	Requests map[string]float64
}

// Modelled lists the trigger types the simulation evaluates.
const Modelled = "kafka, rabbitmq, aws-sqs-queue, prometheus, cron, cpu, memory"

var builders = map[string]func(Trigger, *catalog.Config) (Scaler, error){
	"kafka":         newKafka,
	"rabbitmq":      newRabbitMQ,
	"aws-sqs-queue": newSQS,
	"prometheus":    newPrometheus,
	"cron":          newCron,
	"cpu":           newResource,
	"memory":        newResource,
}

// NewScaler builds the scaler for a trigger, reading its metadata through
// KEDA's catalogue: what KEDA would refuse is an error here too.
func NewScaler(t Trigger) (Scaler, error) {
	build := builders[t.Type]
	if build == nil {
		return nil, &FieldError{Msg: fmt.Sprintf("simulate does not model %q triggers (modelled: %s)", t.Type, Modelled)}
	}
	c, problems := catalog.Read(catalog.Trigger{Type: t.Type, MetricType: t.MetricType, Metadata: t.Metadata, Auth: t.Auth})
	for _, p := range problems {
		if p.Where == catalog.InMetadata {
			return nil, &FieldError{p.Key, p.Msg}
		}
		return nil, &FieldError{Msg: p.Msg}
	}
	return build(t, c)
}

// targetKey is the metadata key whose value KEDA gives the HPA as the
// trigger's target, per modelled type ("" for cron, whose desiredReplicas
// is a count, not a target to tune). The builders read it; so does tune.
func targetKey(typ string, c *catalog.Config) string {
	switch typ {
	case "kafka":
		return "lagThreshold"
	case "rabbitmq":
		if c.Float("queueLength", 0) != 0 { // the deprecated form wins, as in KEDA
			return "queueLength"
		}
		return "value"
	case "aws-sqs-queue":
		return "queueLength"
	case "prometheus":
		return "threshold"
	case "cpu", "memory":
		return "value"
	}
	return ""
}

// Target is the metadata key of t's target and its value, read through
// KEDA's catalogue; ok is false when t has no tunable target simulate
// models, or the value is not in metadata.
func Target(t Trigger) (key string, value float64, ok bool) {
	c, problems := catalog.Read(catalog.Trigger{Type: t.Type, MetricType: t.MetricType, Metadata: t.Metadata, Auth: t.Auth})
	if len(problems) > 0 || builders[t.Type] == nil {
		return "", 0, false
	}
	key = targetKey(t.Type, c)
	if key == "" || c.Set(key)&catalog.Metadata == 0 {
		return "", 0, false
	}
	return key, c.Float(key, 0), true
}

// number is a numeric key's value, which the simulation must know: a value
// kept in a Secret or the environment is refused.
func number(c *catalog.Config, key string, def float64) (float64, error) {
	if c.Set(key)&^catalog.Metadata != 0 && c.Set(key)&catalog.Metadata == 0 {
		return 0, &FieldError{key, "comes from a Secret or the environment; simulate needs its value in metadata"}
	}
	return c.Float(key, def), nil
}

// target is a numeric key the HPA gets as its target, which the API
// server requires to be above zero.
func targetValue(c *catalog.Config, key string, def float64) (float64, error) {
	v, err := number(c, key, def)
	if err == nil && v <= 0 {
		err = &FieldError{key, fmt.Sprintf("%q must be > 0: it is the HPA's target", c.String(key))}
	}
	return v, err
}

// metricName is GenerateMetricNameWithIndex over a normalised name.
func metricName(index int, name string) string {
	return fmt.Sprintf("s%d-%s", index, normalize(name))
}

// normalize is kedautil.NormalizeString: characters a metric name may not
// hold become dashes.
func normalize(s string) string {
	r := strings.NewReplacer("/", "-", ".", "-", ":", "-", "%", "-", "(", "-", ")", "-", "\"", "-", " ", "-", "*", "-", "?", "-", ",", "-")
	return r.Replace(s)
}

// target is the HPA metric for an External trigger: AverageValue by default,
// Value when the trigger's metricType says so.
func target(t Trigger, name string, threshold float64) hpa.Metric {
	kind := hpa.ExternalAverage
	if t.MetricType == "Value" {
		kind = hpa.ExternalValue
	}
	return hpa.Metric{Name: metricName(t.Index, name), Kind: kind, Target: threshold}
}
