package keda

import (
	"fmt"
	"math"
	"strconv"

	"github.com/agentscale/agentscale/internal/keda/catalog"
	"github.com/agentscale/agentscale/internal/simulate/hpa"
)

// kafka is kafka_scaler.go: the consumer group's total lag, capped at
// partitions × lagThreshold unless allowIdleConsumers (getTotalLag). Lag
// is the latest offset minus the committed one: the waiting messages, the
// ones being processed, and those processed since the last commit.
type kafka struct {
	metric     hpa.Metric
	threshold  float64
	activation float64
	partitions int64 // 0: unknown, no cap
	idle       bool
}

func newKafka(t Trigger, c *catalog.Config) (Scaler, error) {
	s := &kafka{idle: c.Bool("allowIdleConsumers", false)}
	var err error
	if s.threshold, err = targetValue(c, targetKey(t.Type, c), 10); err != nil {
		return nil, err
	}
	if s.activation, err = number(c, "activationLagThreshold", 0); err != nil {
		return nil, err
	}
	if t.Partitions != nil {
		s.partitions = int64(*t.Partitions)
	}
	name := "kafka-" + c.String("topic")
	if c.String("topic") == "" {
		name = "kafka-" + c.String("consumerGroup") + "-topics"
	}
	s.metric = target(t, name, s.threshold)
	return s, nil
}

func (s *kafka) Metric(in Input) (float64, bool) {
	lag := math.Floor(in.Backlog + in.InFlight + in.Uncommitted)
	active := lag > s.activation
	if !s.idle && s.partitions > 0 {
		// Integer division, as the scaler computes it on int64 lag.
		if math.Floor(lag/s.threshold) > float64(s.partitions) {
			lag = float64(s.partitions) * s.threshold
		}
	}
	return lag, active
}

func (s *kafka) HPAMetric() hpa.Metric { return s.metric }

// Partitions is the cap on consumers that can do work; 0 when unknown.
func Partitions(s Scaler) int64 {
	if k, ok := s.(*kafka); ok {
		return k.partitions
	}
	return 0
}

// queue is a scaler whose metric is a queue's length (or message rate).
type queue struct {
	metric     hpa.Metric
	activation float64
	value      func(Input) float64
}

func (s *queue) Metric(in Input) (float64, bool) {
	v := s.value(in)
	return v, v > s.activation
}

func (s *queue) HPAMetric() hpa.Metric { return s.metric }

func backlog(in Input) float64 { return math.Floor(in.Backlog) }

// newRabbitMQ is rabbitmq_scaler.go: with neither mode, value nor the
// deprecated queueLength, QueueLength 20; queueLength alone is QueueLength
// with that value; else mode and value. QueueLength reads the queue's
// messages, MessageRate the publish rate.
func newRabbitMQ(t Trigger, c *catalog.Config) (Scaler, error) {
	mode, key := c.String("mode"), targetKey(t.Type, c)
	switch {
	case key == "queueLength":
		mode = "QueueLength"
	case mode == "Unknown" && c.Float("value", 0) == 0:
		mode = "QueueLength"
	}
	s := &queue{value: backlog}
	switch mode {
	case "QueueLength":
	case "MessageRate":
		s.value = func(in Input) float64 { return in.Rate }
	default:
		return nil, &FieldError{"mode", fmt.Sprintf("simulate models modes QueueLength and MessageRate, not %s", mode)}
	}
	v, err := targetValue(c, key, 20)
	if err != nil {
		return nil, err
	}
	if s.activation, err = number(c, "activationValue", 0); err != nil {
		return nil, err
	}
	s.metric = target(t, "rabbitmq-"+c.String("queueName"), v)
	return s, nil
}

// newSQS is aws_sqs_queue_scaler.go: visible messages, plus in-flight ones
// unless scaleOnInFlight is false; target queueLength (default 5).
func newSQS(t Trigger, c *catalog.Config) (Scaler, error) {
	v, err := targetValue(c, targetKey(t.Type, c), 5)
	if err != nil {
		return nil, err
	}
	s := &queue{value: backlog}
	if c.Bool("scaleOnInFlight", true) {
		s.value = func(in Input) float64 { return math.Floor(in.Backlog + in.InFlight) }
	}
	if s.activation, err = number(c, "activationQueueLength", 0); err != nil {
		return nil, err
	}
	s.metric = target(t, "aws-sqs-"+queueName(c.String("queueURL")), v)
	return s, nil
}

func queueName(url string) string {
	for i := len(url) - 1; i >= 0; i-- {
		if url[i] == '/' {
			return url[i+1:]
		}
	}
	return url
}

// newPrometheus is prometheus_scaler.go; the query is taken to return the
// role's backlog.
func newPrometheus(t Trigger, c *catalog.Config) (Scaler, error) {
	v, err := targetValue(c, targetKey(t.Type, c), 0)
	if err != nil {
		return nil, err
	}
	s := &queue{value: func(in Input) float64 { return in.Backlog }}
	if s.activation, err = number(c, "activationThreshold", 0); err != nil {
		return nil, err
	}
	s.metric = target(t, "prometheus", v)
	return s, nil
}

// resource is cpu_memory_scaler.go: a Resource metric the HPA computes
// itself; it never activates a ScaledObject from zero.
type resource struct{ metric hpa.Metric }

func newResource(t Trigger, c *catalog.Config) (Scaler, error) {
	if t.MetricType != "Utilization" {
		return nil, &FieldError{Msg: fmt.Sprintf("simulate models %s triggers with metricType Utilization only", t.Type)}
	}
	// A whole percentage (the catalogue's resource rule checked it); the
	// key is a string in KEDA, as AverageValue takes a quantity.
	v, err := strconv.ParseFloat(c.String(targetKey(t.Type, c)), 64)
	if err != nil || v <= 0 {
		return nil, &FieldError{"value", fmt.Sprintf("%q must be > 0: it is the HPA's target", c.String("value"))}
	}
	return &resource{hpa.Metric{Name: t.Type, Kind: hpa.Utilization, Target: v, Request: t.Requests[t.Type]}}, nil
}

// Metric is one pod's usage of its request at the role's utilization.
func (s *resource) Metric(in Input) (float64, bool) {
	return in.Utilization / 100 * s.metric.Request, false
}
func (s *resource) HPAMetric() hpa.Metric { return s.metric }
