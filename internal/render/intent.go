package render

import (
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

// ParseResources reads a resource list as the agentscale.dev/node-pool-allocatable
// annotation writes it: "cpu=3800m,memory=14Gi". Entries that do not parse
// are left out.
func ParseResources(s string) corev1.ResourceList {
	if s == "" {
		return nil
	}
	out := corev1.ResourceList{}
	for _, kv := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(kv), "=")
		if !ok {
			continue
		}
		if q, err := resource.ParseQuantity(strings.TrimSpace(v)); err == nil {
			out[corev1.ResourceName(strings.TrimSpace(k))] = q
		}
	}
	return out
}

// ParsePartitions reads the agentscale.dev/kafka-partitions annotation for
// an object with kafka Kafka triggers: one count per Kafka trigger, in
// order ("50,12"), or one count for all of them ("50"). The i-th entry is
// the i-th Kafka trigger's count, 0 when unknown.
func ParsePartitions(s string, kafka int) []int32 {
	out := make([]int32, kafka)
	if s == "" {
		return out
	}
	fields := strings.Split(s, ",")
	for i := range out {
		f := fields[0]
		if len(fields) > 1 {
			if i >= len(fields) {
				break
			}
			f = fields[i]
		}
		if n, err := strconv.ParseInt(strings.TrimSpace(f), 10, 32); err == nil && n > 0 {
			out[i] = int32(n)
		}
	}
	return out
}
