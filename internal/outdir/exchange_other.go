//go:build !linux

package outdir

// exchange swaps the directories a and b with two renames.
func exchange(a, b string) error { return swap(a, b) }
