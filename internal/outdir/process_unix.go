//go:build unix

package outdir

import (
	"errors"

	"golang.org/x/sys/unix"
)

// processAlive asks the kernel whether pid runs (signal 0 checks without
// sending anything). EPERM means it runs under another user.
func processAlive(pid int) (alive, known bool) {
	err := unix.Kill(pid, 0)
	switch {
	case err == nil, errors.Is(err, unix.EPERM):
		return true, true
	case errors.Is(err, unix.ESRCH):
		return false, true
	}
	return false, false
}

// writable reports whether this process may create and remove entries in dir.
func writable(dir string) bool { return unix.Access(dir, unix.W_OK|unix.X_OK) == nil }
