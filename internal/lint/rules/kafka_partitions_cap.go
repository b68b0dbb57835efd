package rules

import (
	"fmt"

	"github.com/agentscale/agentscale/internal/lint"
)

// KafkaPartitionsCap: Kafka triggers whose max replicas exceed the topic's
// partitions. Partition counts come from intent only (swarm partitions,
// agentscale.dev/kafka-partitions): lint never connects to a broker.
// Each trigger is checked on its own; allowIdleConsumers is read as KEDA
// reads it (the scaler catalogue).
var KafkaPartitionsCap = &lint.Rule{
	ID:       "kafka-partitions-cap",
	Severity: lint.Warning,
	Why:      "A consumer group uses at most one consumer per partition, so KEDA's Kafka scaler never asks for more replicas than the topic has partitions: the replicas above that are a promise the autoscaler will not keep.",
	Fix:      "Lower the max replicas to the partition count, add partitions to the topic (and to partitions in swarm.yaml), or set allowIdleConsumers: \"true\" if idle consumers are wanted.",
	Check:    checkKafkaPartitionsCap,
}

func checkKafkaPartitionsCap(c *lint.Context) {
	for _, o := range c.Objects() {
		max, ok := kedaMaxReplicas(o)
		if !ok {
			continue
		}
		ts, path := lint.Triggers(o)
		for i, t := range ts {
			parts, known := o.Intent.Partitions[i]
			if t.Type != "kafka" || !known || max <= parts || allowsIdleConsumers(c, o, i) {
				continue
			}
			c.Report(o, lint.At(fmt.Sprintf("%s[%d]", path, i), fmt.Sprintf("scaling.keda.triggers[%d].partitions", i)),
				"trigger %d reads a topic with %d partitions, but %s %s may scale to %d; KEDA stops at %d without allowIdleConsumers",
				i, parts, o.Kind, o.Name(), max, parts)
		}
	}
}

func allowsIdleConsumers(c *lint.Context, o *lint.Object, i int) bool {
	cfg, _ := c.Trigger(o, i)
	return cfg != nil && cfg.Bool("allowIdleConsumers", false)
}
