//go:build unix

package input

import (
	"os"
	"syscall"
)

// openNonBlocking opens path for reading without blocking: on a FIFO that
// appeared after the Stat, open would otherwise wait for a writer.
// O_NONBLOCK has no effect on regular files.
func openNonBlocking(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOCTTY, 0)
}
