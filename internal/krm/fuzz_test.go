package krm_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/agentscale/agentscale/internal/fuzzseed"
	"github.com/agentscale/agentscale/internal/krm"
	"github.com/agentscale/agentscale/internal/spec"
)

// FuzzRun feeds arbitrary stdin to the function: it must write a
// ResourceList or return an input error, never panic.
func FuzzRun(f *testing.F) {
	fuzzseed.Hostile(f)
	inputs, _ := filepath.Glob("testdata/*/input.yaml")
	for _, p := range inputs {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("kind: ResourceList\nfunctionConfig: &a [*a]\n"))
	f.Add([]byte("kind: ResourceList\nfunctionConfig: {kind: Swarm}\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		var out bytes.Buffer
		err := krm.Run(bytes.NewReader(in), &out, krm.Options{})
		if err != nil && !spec.IsInputError(err) && out.Len() == 0 {
			// Errors of the function itself happen only after reading a
			// valid ResourceList; they must still not be silent.
			if err.Error() == "" {
				t.Fatal("empty error")
			}
		}
	})
}
