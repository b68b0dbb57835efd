package keda

import (
	"flag"
	"strings"
	"testing"

	"github.com/agentscale/agentscale/internal/simulate/hpa"
)

// -update is accepted so `make golden` can run every package; none here.
var _ = flag.Bool("update", false, "rewrite golden files (none in this package)")

func mustScaler(t *testing.T, tr Trigger) Scaler {
	t.Helper()
	s, err := NewScaler(tr)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func kafkaTrigger(md map[string]string, partitions int32) Trigger {
	m := map[string]string{"topic": "agent-tasks", "consumerGroup": "g", "bootstrapServers": "k:9092"}
	for k, v := range md {
		m[k] = v
	}
	return Trigger{Type: "kafka", Metadata: m, Partitions: &partitions}
}

// syncs runs the HPA every 15 s with every pod ready and returns the peak.
func syncs(so *ScaledObject, start int32, backlog float64, n int) int32 {
	current, peak := start, start
	for i := 1; i <= n; i++ {
		in := Input{Now: int64(i * 15), Backlog: backlog}
		current = so.Poll(current, in)
		in.Pods = hpa.Pods{Ready: current}
		current = so.Sync(current, in)
		peak = max(peak, current)
	}
	return peak
}

func TestKafkaPartitionCap(t *testing.T) {
	tests := []struct {
		name string
		md   map[string]string
		want int32
	}{
		{"12 partitions never exceed 12", map[string]string{"lagThreshold": "10"}, 12},
		{"allowIdleConsumers lifts the cap", map[string]string{"lagThreshold": "10", "allowIdleConsumers": "true"}, 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			so := New("swarm-responder", 1, 100, nil, 15, 300, []Scaler{mustScaler(t, kafkaTrigger(tt.md, 12))}, nil, hpa.DefaultSettings())
			if got := syncs(so, 1, 1e6, 20); got != tt.want {
				t.Errorf("peak %d, want %d", got, tt.want)
			}
		})
	}
}

func TestKafkaLag(t *testing.T) {
	s := mustScaler(t, kafkaTrigger(map[string]string{"lagThreshold": "100", "activationLagThreshold": "5"}, 3))
	tests := []struct {
		in     Input
		value  float64
		active bool
	}{
		{Input{}, 0, false},
		{Input{Backlog: 5}, 5, false}, // activation is strictly above the threshold
		{Input{Backlog: 5.9}, 5, false},
		{Input{Backlog: 6}, 6, true},
		{Input{Backlog: 399}, 399, true}, // 399/100 = 3 (integer division): not above 3 partitions
		{Input{Backlog: 400}, 300, true}, // capped at partitions × lagThreshold
		// Lag is what is not committed: waiting, being processed, and
		// processed since the last auto-commit.
		{Input{Backlog: 0, InFlight: 3}, 3, false},
		{Input{Backlog: 2, InFlight: 3, Uncommitted: 40.5}, 45, true},
	}
	for _, tt := range tests {
		v, a := s.Metric(tt.in)
		if v != tt.value || a != tt.active {
			t.Errorf("%+v: %g,%v want %g,%v", tt.in, v, a, tt.value, tt.active)
		}
	}
	if m := s.HPAMetric(); m.Name != "s0-kafka-agent-tasks" || m.Kind != hpa.ExternalAverage || m.Target != 100 {
		t.Errorf("HPA metric %+v", m)
	}
}

func TestQueueScalers(t *testing.T) {
	tests := []struct {
		name   string
		tr     Trigger
		in     Input
		value  float64
		target float64
		metric string
	}{
		{"rabbitmq defaults to QueueLength 20", Trigger{Type: "rabbitmq", Metadata: map[string]string{"queueName": "tasks", "host": "http://rabbitmq:15672"}}, Input{Backlog: 50.5}, 50, 20, "s0-rabbitmq-tasks"},
		{"rabbitmq MessageRate reads the publish rate", Trigger{Type: "rabbitmq", Metadata: map[string]string{"queueName": "q", "mode": "MessageRate", "value": "100", "host": "http://rabbitmq:15672"}}, Input{Backlog: 50, Rate: 7}, 7, 100, "s0-rabbitmq-q"},
		{"rabbitmq deprecated queueLength", Trigger{Type: "rabbitmq", Metadata: map[string]string{"queueName": "q", "queueLength": "8", "host": "amqp://rabbitmq:5672"}}, Input{Backlog: 3}, 3, 8, "s0-rabbitmq-q"},
		{"sqs counts in-flight messages", Trigger{Type: "aws-sqs-queue", Metadata: map[string]string{"queueURL": "https://sqs/1/jobs", "awsRegion": "eu-west-1"}}, Input{Backlog: 10, InFlight: 4}, 14, 5, "s0-aws-sqs-jobs"},
		{"sqs scaleOnInFlight false", Trigger{Type: "aws-sqs-queue", Metadata: map[string]string{"queueURL": "q", "scaleOnInFlight": "false", "awsRegion": "eu-west-1"}}, Input{Backlog: 10, InFlight: 4}, 10, 5, "s0-aws-sqs-q"},
		{"prometheus reads the backlog", Trigger{Index: 2, Type: "prometheus", Metadata: map[string]string{"threshold": "50", "query": "x", "serverAddress": "http://prometheus:9090"}}, Input{Backlog: 120}, 120, 50, "s2-prometheus"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustScaler(t, tt.tr)
			v, _ := s.Metric(tt.in)
			m := s.HPAMetric()
			if v != tt.value || m.Target != tt.target || m.Name != tt.metric {
				t.Errorf("value %g target %g name %s; want %g %g %s", v, m.Target, m.Name, tt.value, tt.target, tt.metric)
			}
		})
	}
}

func TestMetricTypeValue(t *testing.T) {
	tr := Trigger{Type: "prometheus", MetricType: "Value", Metadata: map[string]string{"threshold": "5", "query": "x", "serverAddress": "http://p"}}
	if k := mustScaler(t, tr).HPAMetric().Kind; k != hpa.ExternalValue {
		t.Errorf("kind %v", k)
	}
	tr = Trigger{Type: "cpu", MetricType: "Utilization", Metadata: map[string]string{"value": "60"}}
	if m := mustScaler(t, tr).HPAMetric(); m.Kind != hpa.Utilization || m.Target != 60 {
		t.Errorf("cpu metric %+v", m)
	}
}

// TestScalerErrors: simulate refuses what KEDA refuses (the catalogue's
// words), and what it cannot model.
func TestScalerErrors(t *testing.T) {
	rabbit := map[string]string{"queueName": "q", "host": "http://r:15672"}
	with := func(base map[string]string, kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	cron := map[string]string{"timezone": "UTC", "start": "0 8 * * *", "end": "0 9 * * *", "desiredReplicas": "2"}
	tests := []struct {
		tr   Trigger
		want string
	}{
		{Trigger{Type: "redis"}, `simulate does not model "redis" triggers`},
		{kafkaTrigger(map[string]string{"lagThreshold": "many"}, 1), `metadata.lagThreshold: "many" is not a whole number`},
		{kafkaTrigger(map[string]string{"lagThreshold": "0"}, 1), `metadata.lagThreshold: must be a positive number`},
		{kafkaTrigger(map[string]string{"allowIdleConsumers": "perhaps"}, 1), `metadata.allowIdleConsumers: "perhaps" is not true or false`},
		{kafkaTrigger(map[string]string{"lagThreshold": "2.5"}, 1), `metadata.lagThreshold: "2.5" is not a whole number`},
		{Trigger{Type: "kafka", Metadata: map[string]string{"bootstrapServers": "k", "consumerGroup": "g"}, Auth: []string{"lagThreshold"}}, `only from trigger metadata`},
		{Trigger{Type: "rabbitmq", Metadata: with(rabbit, "mode", "Fast", "value", "1")}, `metadata.mode: "Fast" is not one of`},
		{Trigger{Type: "rabbitmq", Metadata: with(rabbit, "mode", "DeliverGetRate", "value", "1")}, `simulate models modes QueueLength and MessageRate`},
		{Trigger{Type: "cron", Metadata: with(cron, "start", "0 8 * *")}, "metadata.start"},
		{Trigger{Type: "cron", Metadata: with(cron, "end", "0 25 * * *")}, "metadata.end"},
		{Trigger{Type: "cron", Metadata: with(cron, "end", "@daily")}, "not descriptors such as @daily"},
		{Trigger{Type: "cpu", MetricType: "AverageValue", Metadata: map[string]string{"value": "1"}}, "Utilization only"},
	}
	for _, tt := range tests {
		_, err := NewScaler(tt.tr)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: err %v, want %q", tt.tr, err, tt.want)
		}
	}
}

func TestActivationAndCooldown(t *testing.T) {
	idle := int32(1)
	tests := []struct {
		name string
		min  int32
		idle *int32
		want []int32 // replicas after the poll at 0, 30, ... while the backlog is 5 until 60 s, then 0
	}{
		// active at 0..60; cooldown 120 s from the last active poll (60)
		// ends strictly after 180, so the poll at 210 scales to zero.
		{"min 0 scales to zero after the cooldown", 0, nil, []int32{1, 1, 1, 1, 1, 1, 1, 0, 0}},
		{"idle replicas instead of zero", 2, &idle, []int32{2, 2, 2, 2, 2, 2, 2, 1, 1}},
		{"min 2 never goes below 2", 2, nil, []int32{2, 2, 2, 2, 2, 2, 2, 2, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			so := New("s", tt.min, 10, tt.idle, 30, 120, []Scaler{mustScaler(t, kafkaTrigger(nil, 10))}, nil, hpa.DefaultSettings())
			current := int32(0)
			if tt.idle != nil {
				current = *tt.idle
			}
			var got []int32
			for i := range tt.want {
				now := int64(i * 30)
				backlog := 5.0
				if now > 60 {
					backlog = 0
				}
				current = so.Poll(current, Input{Now: now, Backlog: backlog})
				got = append(got, current)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("replicas %v, want %v", got, tt.want)
				}
			}
		})
	}
}

func TestHPAWhileScaledToZero(t *testing.T) {
	so := New("s", 0, 10, nil, 30, 300, []Scaler{mustScaler(t, kafkaTrigger(nil, 10))}, nil, hpa.DefaultSettings())
	if got := so.Sync(0, Input{Backlog: 1000}); got != 0 {
		t.Errorf("the HPA must not scale a target KEDA holds at zero: %d", got)
	}
	if so.HPA.Spec().Min != 1 || so.HPA.Spec().Name != "keda-hpa-s" {
		t.Errorf("HPA spec %+v", so.HPA.Spec())
	}
	if so.ConsumerCap() != 10 {
		t.Errorf("consumer cap %d", so.ConsumerCap())
	}
}

func TestCron(t *testing.T) {
	// Weekdays 08:00–18:00 at 5 replicas; time 0 is Monday 00:00 in the
	// trigger's timezone.
	s := mustScaler(t, Trigger{Type: "cron", Metadata: map[string]string{"timezone": "Europe/Berlin", "start": "0 8 * * 1-5", "end": "0 18 * * 1-5", "desiredReplicas": "5"}})
	tests := []struct {
		at     int64
		value  float64
		active bool
	}{
		{0, 0, false},
		{8*3600 - 1, 0, false},
		{8 * 3600, 5, true},
		{12 * 3600, 5, true},
		{18*3600 - 1, 5, true},
		{18 * 3600, 0, false},
		{(5*24 + 9) * 3600, 0, false}, // Saturday
		{(7*24 + 9) * 3600, 5, true},  // next Monday
	}
	for _, tt := range tests {
		v, a := s.Metric(Input{Now: tt.at})
		if v != tt.value || a != tt.active {
			t.Errorf("at %ds: %g,%v want %g,%v", tt.at, v, a, tt.value, tt.active)
		}
	}
	// An overnight window is open at 00:01: the next end comes first.
	s = mustScaler(t, Trigger{Type: "cron", Metadata: map[string]string{"timezone": "UTC", "start": "0 22 * * *", "end": "0 6 * * *", "desiredReplicas": "3"}})
	if v, a := s.Metric(Input{Now: 60}); v != 3 || !a {
		t.Errorf("overnight window at 00:01: %g,%v", v, a)
	}
	// Time 0 is midnight in the trigger's own timezone.
	ny := mustScaler(t, Trigger{Type: "cron", Metadata: map[string]string{"timezone": "America/New_York", "start": "0 8 * * *", "end": "0 9 * * *", "desiredReplicas": "2"}})
	if _, a := ny.Metric(Input{Now: 8*3600 + 60}); !a {
		t.Error("08:01 in New York is inside 08:00-09:00 there")
	}
}

func TestScaledJob(t *testing.T) {
	rabbit := mustScaler(t, Trigger{Type: "rabbitmq", Metadata: map[string]string{"queueName": "q", "mode": "QueueLength", "value": "1", "host": "amqp://r:5672"}})
	tests := []struct {
		name             string
		accurate         bool
		queue            float64
		running, pending int64
		want             int64
	}{
		{"one Job per event", false, 4, 0, 0, 4},
		{"capped at maxReplicaCount", false, 40, 0, 0, 10},
		{"default subtracts running Jobs", false, 4, 3, 0, 1},
		{"nothing queued, nothing started", false, 0, 0, 0, 0},
		{"accurate subtracts pending Jobs only", true, 4, 3, 1, 3},
		{"accurate keeps to the maximum", true, 9, 5, 0, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sj := &ScaledJob{Max: 10, Polling: 30, Scalers: []Scaler{rabbit}, Accurate: tt.accurate}
			if got := sj.Jobs(Input{Backlog: tt.queue}, tt.running, tt.pending); got != tt.want {
				t.Errorf("got %d, want %d", got, tt.want)
			}
		})
	}
}
