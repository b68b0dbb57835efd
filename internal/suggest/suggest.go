// Package suggest finds the name a person probably meant: "did you mean
// lagThreshold?" for lagTreshold. One home for every suggestion agentscale
// makes (fields, keys, types, rules, environments, config keys).
package suggest

import (
	"strings"

	"github.com/agnivade/levenshtein"
)

// Closest returns the candidate nearest to s by edit distance, ignoring
// case, when it is near enough to be a typo of it: at most two edits or a
// third of the longer name (a swapped pair counts two), and at most half of
// s; "" when none is.
func Closest(s string, candidates []string) string {
	best, bestD := "", -1
	ls := strings.ToLower(s)
	for _, c := range candidates {
		lc := strings.ToLower(c)
		if lc == ls {
			return c
		}
		d := levenshtein.ComputeDistance(ls, lc)
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
