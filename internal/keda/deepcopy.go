package keda

import (
	"encoding/json"

	"k8s.io/apimachinery/pkg/runtime"
)

// deepCopy copies in through JSON. These objects are copied rarely (never on
// a hot path), so generated deepcopy code would be weight without benefit.
func deepCopy[T runtime.Object](in, out T) runtime.Object {
	b, err := json.Marshal(in)
	if err != nil {
		panic(err) // the types are plain data; marshalling cannot fail
	}
	if err := json.Unmarshal(b, out); err != nil {
		panic(err)
	}
	return out
}
