package suggest

import "testing"

func TestClosest(t *testing.T) {
	keys := []string{"lagThreshold", "activationLagThreshold", "topic", "consumerGroup", "bootstrapServers"}
	for in, want := range map[string]string{
		"lagTreshold":      "lagThreshold",
		"LAGTHRESHOLD":     "lagThreshold",
		"consumergroup":    "consumerGroup",
		"topc":             "topic",
		"bootstrapServer":  "bootstrapServers",
		"partitions":       "",
		"x":                "",
		"activationLagThr": "activationLagThreshold",
		"ab":               "",
	} {
		if got := Closest(in, keys); got != want {
			t.Errorf("Closest(%q) = %q, want %q", in, got, want)
		}
	}
	if got := DidYouMean("kafak", []string{"kafka", "rabbitmq"}); got != ` (did you mean "kafka"?)` {
		t.Errorf("DidYouMean = %q", got)
	}
}
