// Package ghactions writes GitHub Actions workflow commands (annotations),
// which GitHub shows on the diff of a pull request; lint, validate and test
// print them with -o github.
package ghactions

import (
	"fmt"
	"io"
	"strings"
)

// Annotation writes ::LEVEL file=F,line=L,col=C,title=T::MESSAGE. level is
// error, warning or notice; a zero line or column is left out.
func Annotation(w io.Writer, level, file string, line, col int, title, msg string) error {
	props := []string{"file=" + escapeProperty(file)}
	if line > 0 {
		props = append(props, fmt.Sprintf("line=%d", line))
	}
	if col > 0 {
		props = append(props, fmt.Sprintf("col=%d", col))
	}
	props = append(props, "title="+escapeProperty(title))
	_, err := fmt.Fprintf(w, "::%s %s::%s\n", level, strings.Join(props, ","), escapeData(msg))
	return err
}

// escapeData and escapeProperty follow @actions/core's command encoding.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
