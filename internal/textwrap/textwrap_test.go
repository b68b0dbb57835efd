package textwrap

import "testing"

func TestWrap(t *testing.T) {
	for _, tc := range []struct {
		in     string
		width  int
		indent string
		want   string
	}{
		{"", 10, "  ", ""},
		{"one two three", 20, "  ", "one two three"},
		{"one two three", 8, "  ", "one two\n  three"},
		{"Why: one two three four five six", 14, "  ", "Why: one two\n  three four\n  five six"},
		{"a verylongword b", 5, "", "a\nverylongword\nb"},
		{"  spaces   collapse  ", 40, "", "spaces collapse"},
	} {
		if got := Wrap(tc.in, tc.width, tc.indent); got != tc.want {
			t.Errorf("Wrap(%q, %d) = %q, want %q", tc.in, tc.width, got, tc.want)
		}
	}
}
