package spec

import (
	"strings"
	"testing"
)

// small never clears a quantity the exact check would refuse, and clears
// the ones people write.
func TestSmallQuantities(t *testing.T) {
	suffixes := []string{"", "n", "u", "m", "k", "Ki", "M", "Mi", "G", "Gi", "T", "Ti", "P", "Pi", "E", "Ei", "e3", "x"}
	cleared := 0
	for _, suffix := range suffixes {
		for digits := 1; digits <= 22; digits++ {
			for _, frac := range []string{"", ".5", ".999"} {
				s := strings.Repeat("9", digits) + frac + suffix
				if small(s) {
					cleared++
					if exactlyTooLarge(s) {
						t.Errorf("small(%q) but Kubernetes would clamp it", s)
					}
				}
			}
		}
	}
	for _, s := range []string{"250m", "512Mi", "1Gi", "20Gi", "0.5", "3800m", "14Gi", "60Gi", "1", "100Ti"} {
		if !small(s) {
			t.Errorf("small(%q) = false: the common case takes the slow path", s)
		}
	}
	for _, s := range []string{"", ".", "m", "1e3", "+1", "-1", "1 Gi", "99999999999999999999"} {
		if small(s) {
			t.Errorf("small(%q) = true", s)
		}
	}
	if cleared < 100 {
		t.Errorf("only %d cleared", cleared)
	}
}
