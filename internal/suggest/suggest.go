// Package suggest finds the name a person probably meant: "did you mean
// lagThreshold?" for lagTreshold. One home for every suggestion agentscale
// makes (fields, keys, types, rules, environments, config keys).
package suggest

import (
	"strings"
)

// Closest returns the candidate nearest to s by edit distance, ignoring
// case, when it is near enough to be a typo of it: at most two edits or a
// third of the longer name, and at most half of s; "" when none is. A
// swapped pair of letters is one edit ("evn" is "env"), as a typist makes it.
func Closest(s string, candidates []string) string {
	best, bestD := "", -1
	ls := strings.ToLower(s)
	for _, c := range candidates {
		lc := strings.ToLower(c)
		if lc == ls {
			return c
		}
		d := distance(ls, lc)
		if d > max(2, max(len(ls), len(lc))/3) || 2*d > len(ls) {
			continue
		}
		if bestD < 0 || d < bestD || d == bestD && c < best {
			best, bestD = c, d
		}
	}
	return best
}

// DidYouMean is ` (did you mean "x"?)` for Closest's answer, or "".
func DidYouMean(s string, candidates []string) string {
	if c := Closest(s, candidates); c != "" {
		return ` (did you mean "` + c + `"?)`
	}
	return ""
}

// Containing returns up to n candidates that contain s (ignoring case), in
// the order given: for a name typed as a part of the real one ("sqs" for
// "aws-sqs-queue"), which edit distance cannot find.
func Containing(s string, candidates []string, n int) []string {
	ls := strings.ToLower(s)
	if len(ls) < 3 {
		return nil // "db" is in too many names to help
	}
	var out []string
	for _, c := range candidates {
		if len(out) < n && strings.Contains(strings.ToLower(c), ls) {
			out = append(out, c)
		}
	}
	return out
}

// Defined is the hint for a reference to a name that is not defined: the
// name it probably meant, else the names there are (up to eight, in the
// order given); "" when there are none.
func Defined(s string, defined []string) string {
	if c := Closest(s, defined); c != "" {
		return ` (did you mean "` + c + `"?)`
	}
	switch n := len(defined); {
	case n == 0:
		return ""
	case n > 8:
		return " (defined: " + strings.Join(defined[:8], ", ") + ", …)"
	default:
		return " (defined: " + strings.Join(defined, ", ") + ")"
	}
}

// distance is the optimal-string-alignment edit distance: insertions,
// deletions, substitutions and swaps of adjacent letters, one each.
func distance(a, b string) int {
	x, y := []rune(a), []rune(b)
	// Three rows: the one before last (for swaps), the last and this one.
	prev2, prev, cur := make([]int, len(y)+1), make([]int, len(y)+1), make([]int, len(y)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur[0] = i
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(y)]
}
