package outdir

import "os"

// swap exchanges directories a and b with two renames through a third
// name. Between them b is briefly missing; if the second rename fails, the
// first is undone.
func swap(a, b string) error {
	old := a + ".old"
	if err := os.Rename(b, old); err != nil {
		return err
	}
	if err := os.Rename(a, b); err != nil {
		_ = os.Rename(old, b)
		return err
	}
	return os.Rename(old, a)
}
