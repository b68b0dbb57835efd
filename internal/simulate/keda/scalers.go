package keda

import (
	"fmt"
	"math"

	"github.com/agentscale/agentscale/internal/simulate/hpa"
)

// kafka is kafka_scaler.go: the consumer group's total lag, capped at
// partitions × lagThreshold unless allowIdleConsumers (getTotalLag).
type kafka struct {
	metric     hpa.Metric
	threshold  float64
	activation float64
	partitions int64 // 0: unknown, no cap
	idle       bool
}

func newKafka(t Trigger, md metadata) (Scaler, error) {
	s := &kafka{}
	var err error
	if s.threshold, err = md.whole("lagThreshold", 10, true); err != nil {
		return nil, err
	}
	if s.activation, err = md.whole("activationLagThreshold", 0, false); err != nil {
		return nil, err
	}
	if s.idle, err = md.bool("allowIdleConsumers", false); err != nil {
		return nil, err
	}
	if t.Partitions != nil {
		s.partitions = int64(*t.Partitions)
	}
	name := "kafka-" + md["topic"]
	if md["topic"] == "" {
		name = "kafka-" + md["consumerGroup"] + "-topics"
	}
	s.metric = target(t, name, s.threshold)
	return s, nil
}

func (s *kafka) Metric(in Input) (float64, bool) {
	lag := math.Floor(in.Backlog)
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

// newRabbitMQ is rabbitmq_scaler.go: mode QueueLength (default, value 20)
// reads the queue's messages; MessageRate reads the publish rate.
func newRabbitMQ(t Trigger, md metadata) (Scaler, error) {
	mode := md["mode"]
	if mode == "" {
		mode = "QueueLength"
	}
	key := "value"
	if _, ok := md["queueLength"]; ok && md["value"] == "" {
		key, mode = "queueLength", "QueueLength" // the deprecated form
	}
	s := &queue{value: backlog}
	switch mode {
	case "QueueLength":
	case "MessageRate":
		s.value = func(in Input) float64 { return in.Rate }
	default:
		return nil, &FieldError{"mode", fmt.Sprintf("%q is not QueueLength or MessageRate", mode)}
	}
	v, err := md.positive(key, 20)
	if err != nil {
		return nil, err
	}
	if s.activation, err = md.float("activationValue", 0); err != nil {
		return nil, err
	}
	s.metric = target(t, "rabbitmq-"+md["queueName"], v)
	return s, nil
}

// newSQS is aws_sqs_queue_scaler.go: visible messages, plus in-flight ones
// unless scaleOnInFlight is false; target queueLength (default 5).
func newSQS(t Trigger, md metadata) (Scaler, error) {
	v, err := md.positive("queueLength", 5)
	if err != nil {
		return nil, err
	}
	inFlight, err := md.bool("scaleOnInFlight", true)
	if err != nil {
		return nil, err
	}
	s := &queue{value: backlog}
	if inFlight {
		s.value = func(in Input) float64 { return math.Floor(in.Backlog + in.InFlight) }
	}
	if s.activation, err = md.float("activationQueueLength", 0); err != nil {
		return nil, err
	}
	s.metric = target(t, "aws-sqs-"+queueName(md["queueURL"]), v)
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
func newPrometheus(t Trigger, md metadata) (Scaler, error) {
	v, err := md.positive("threshold", 0)
	if err != nil {
		return nil, err
	}
	s := &queue{value: func(in Input) float64 { return in.Backlog }}
	if s.activation, err = md.float("activationThreshold", 0); err != nil {
		return nil, err
	}
	s.metric = target(t, "prometheus", v)
	return s, nil
}

// resource is cpu_memory_scaler.go: a Resource metric the HPA computes
// itself; it never activates a ScaledObject from zero.
type resource struct{ metric hpa.Metric }

func newResource(t Trigger, md metadata) (Scaler, error) {
	v, err := md.positive("value", 0)
	if err != nil {
		return nil, err
	}
	if t.MetricType != "" && t.MetricType != "Utilization" {
		return nil, &FieldError{Msg: fmt.Sprintf("simulate models %s triggers with metricType Utilization only", t.Type)}
	}
	return &resource{hpa.Metric{Name: t.Type, Kind: hpa.Utilization, Target: v}}, nil
}

func (s *resource) Metric(in Input) (float64, bool) { return in.Utilization, false }
func (s *resource) HPAMetric() hpa.Metric           { return s.metric }
