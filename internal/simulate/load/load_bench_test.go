package load

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkParseCSVDay parses a day of per-second rows (86,400 lines).
func BenchmarkParseCSVDay(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("seconds,arrivals_per_second\n")
	for i := range 86400 {
		fmt.Fprintf(&sb, "%d,%d.5\n", i, i%300)
	}
	data := []byte(sb.String())
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := ParseCSV("day.csv", data); err != nil {
			b.Fatal(err)
		}
	}
}
