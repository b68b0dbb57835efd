package spec

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	kjson "sigs.k8s.io/json"
)

// The warm-up document must reach the decoder's nested types: it decodes
// strictly into a Swarm and holds Kubernetes' probe and env types.
func TestWarmSample(t *testing.T) {
	data, err := json.Marshal(sample(reflect.TypeFor[Swarm](), map[reflect.Type]bool{}))
	if err != nil {
		t.Fatal(err)
	}
	strict, err := kjson.UnmarshalStrict(data, &Swarm{})
	if err != nil || len(strict) > 0 {
		t.Fatalf("sample does not decode: %v %v", err, strict)
	}
	for _, want := range []string{`"readiness":{`, `"valueFrom":{`, `"httpGet":{`, `"triggers":[{`} {
		if !json.Valid(data) || !contains(data, want) {
			t.Errorf("sample lacks %s", want)
		}
	}
}

func contains(data []byte, s string) bool { return strings.Contains(string(data), s) }
