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

func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"env", "env", 0}, {"evn", "env", 1}, {"kafak", "kafka", 1},
		{"lagTreshold", "lagThreshold", 1}, {"", "abc", 3}, {"abc", "", 3},
		{"kitten", "sitting", 3}, {"ca", "abc", 3}, {"größe", "grösse", 2},
	} {
		if got := distance(tc.a, tc.b); got != tc.want {
			t.Errorf("distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestDefined(t *testing.T) {
	many := []string{"a1", "b2", "c3", "d4", "e5", "f6", "g7", "h8", "i9"}
	for _, tc := range []struct {
		name    string
		defined []string
		want    string
	}{
		{"gpu", []string{"general", "gpus"}, ` (did you mean "gpus"?)`},
		{"gpu", []string{"general", "training"}, " (defined: general, training)"},
		{"gpu", nil, ""},
		{"zzzz", many, " (defined: a1, b2, c3, d4, e5, f6, g7, h8, …)"},
	} {
		if got := Defined(tc.name, tc.defined); got != tc.want {
			t.Errorf("Defined(%q, %q) = %q, want %q", tc.name, tc.defined, got, tc.want)
		}
	}
}
