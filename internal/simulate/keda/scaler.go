package keda

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/agentscale/agentscale/internal/simulate/hpa"
)

// Input is what the scalers observe of one role at one instant.
type Input struct {
	Now int64
	// Backlog is the role's waiting tasks: Kafka lag, queue length, or the
	// value a Prometheus query returns.
	Backlog float64
	// InFlight is tasks being processed (received, not yet deleted).
	InFlight float64
	// Rate is arrivals per second (RabbitMQ MessageRate mode).
	Rate float64
	// Utilization is the ready pods' average CPU/memory utilization, percent.
	Utilization float64
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
// the trigger's type.
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
	Partitions *int32
}

// Modelled lists the trigger types the simulation evaluates.
const Modelled = "kafka, rabbitmq, aws-sqs-queue, prometheus, cron, cpu, memory"

// NewScaler builds the scaler for a trigger.
func NewScaler(t Trigger) (Scaler, error) {
	md := metadata(t.Metadata)
	var s Scaler
	var err error
	switch t.Type {
	case "kafka":
		s, err = newKafka(t, md)
	case "rabbitmq":
		s, err = newRabbitMQ(t, md)
	case "aws-sqs-queue":
		s, err = newSQS(t, md)
	case "prometheus":
		s, err = newPrometheus(t, md)
	case "cron":
		s, err = newCron(t, md)
	case "cpu", "memory":
		s, err = newResource(t, md)
	default:
		return nil, &FieldError{Msg: fmt.Sprintf("simulate does not model %q triggers (modelled: %s)", t.Type, Modelled)}
	}
	return s, err
}

type metadata map[string]string

// float reads a numeric key, or def when absent.
func (m metadata) float(key string, def float64) (float64, error) {
	v, ok := m[key]
	if !ok || v == "" {
		return def, nil
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, &FieldError{key, fmt.Sprintf("%q is not a number", v)}
	}
	if f < 0 {
		return 0, &FieldError{key, fmt.Sprintf("%q must be >= 0", v)}
	}
	return f, nil
}

// positive reads a numeric key that must be > 0 (a target).
func (m metadata) positive(key string, def float64) (float64, error) {
	f, err := m.float(key, def)
	if err == nil && f <= 0 {
		err = &FieldError{key, fmt.Sprintf("%q must be > 0", m[key])}
	}
	return f, err
}

// whole reads a key KEDA parses as an integer.
func (m metadata) whole(key string, def float64, positive bool) (float64, error) {
	f, err := m.float(key, def)
	if err == nil && f != math.Trunc(f) {
		err = &FieldError{key, fmt.Sprintf("%q must be a whole number", m[key])}
	}
	if err == nil && positive && f <= 0 {
		err = &FieldError{key, fmt.Sprintf("%q must be > 0", m[key])}
	}
	return f, err
}

func (m metadata) bool(key string, def bool) (bool, error) {
	v, ok := m[key]
	if !ok || v == "" {
		return def, nil
	}
	b, err := strconv.ParseBool(strings.TrimSpace(v))
	if err != nil {
		return false, &FieldError{key, fmt.Sprintf("%q is not true or false", v)}
	}
	return b, nil
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
