// Package textwrap breaks prose into lines for terminal reports.
package textwrap

import "strings"

// Wrap breaks s into lines of at most width columns at spaces, indenting
// the lines after the first with indent. A word longer than width stays
// whole on its own line.
func Wrap(s string, width int, indent string) string {
	var b strings.Builder
	line := 0
	for i, word := range strings.Fields(s) {
		switch {
		case i == 0:
		case line+1+len(word) > width:
			b.WriteString("\n" + indent)
			line = len(indent)
		default:
			b.WriteByte(' ')
			line++
		}
		b.WriteString(word)
		line += len(word)
	}
	return b.String()
}
