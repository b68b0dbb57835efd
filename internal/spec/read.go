package spec

import (
	"io"

	"github.com/agentscale/agentscale/internal/input"
)

// MaxFileSize bounds what the loader reads (input.Swarm's limit). A
// 1,000-role swarm is well under 1 MiB; anything near the limit is a
// mistake (or an attack), and is refused before it costs memory.
const MaxFileSize = 8 << 20

// StdinName is how positions name standard input.
const StdinName = input.StdinName

// ReadFile reads path ("-" reads stdin) as a swarm file: a regular file
// (never a device or a FIFO) of at most MaxFileSize bytes. Problems with
// the input itself are *Error values; a path that cannot be read at all is
// returned as the operating system's error.
func ReadFile(path string, stdin io.Reader) ([]byte, error) {
	return input.Read(path, stdin, input.Swarm)
}
