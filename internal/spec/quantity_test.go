package spec

import (
	"math/big"
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

// keeps never clears a quantity the exact check would report, and clears
// the ones people write.
func TestKeepsQuantities(t *testing.T) {
	names := []string{"cpu", "memory", "storage", "hugepages-2Mi", "target", "nvidia.com/gpu"}
	cleared := 0
	for _, suffix := range []string{"", "n", "u", "m", "k", "M", "G", "Ki", "Mi", "e-3", "x"} {
		for _, num := range []string{"1", "250", "0.5", "1.50", "0.001", "0.0001", "0.0000000001", "12.345678901", ".5", "5."} {
			for _, name := range names {
				s := num + suffix
				if !keeps(s, name) {
					continue
				}
				cleared++
				if v, ok := exactQuantity(s); ok && exactRounds(v, name) {
					t.Errorf("keeps(%q, %s) but Kubernetes would round it", s, name)
				}
			}
		}
	}
	for _, c := range [][2]string{{"250m", "cpu"}, {"0.5", "cpu"}, {"1.5", "cpu"}, {"3800m", "cpu"}, {"512M", "memory"}, {"1.5k", "memory"}, {"0.5", "target"}, {"100m", "target"}} {
		if !keeps(c[0], c[1]) {
			t.Errorf("keeps(%q, %s) = false: the common case takes the slow path", c[0], c[1])
		}
	}
	for _, c := range [][2]string{{"500u", "cpu"}, {"512m", "memory"}, {"1.5", "memory"}, {"0.0000000001", "target"}, {"1.5Gi", "memory"}} {
		if keeps(c[0], c[1]) {
			t.Errorf("keeps(%q, %s) = true", c[0], c[1])
		}
	}
	if cleared < 100 {
		t.Errorf("only %d cleared", cleared)
	}
}

// exactRounds is quantityRounding's verdict in exact arithmetic alone.
func exactRounds(v *big.Rat, name string) bool {
	scale := map[int]int64{0: 1, -3: 1000, -9: 1e9}[finest(name)]
	return !new(big.Rat).Mul(v, big.NewRat(scale, 1)).IsInt()
}
