package override

import (
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/agentscale/agentscale/internal/spec"
	"github.com/agentscale/agentscale/internal/suggest"
)

// ControllerKeys are the keys --controller accepts: spec.cluster's fields
// as CONTROLLER.FIELD (hpa.syncPeriod), read from the spec's types.
var ControllerKeys = sync.OnceValue(func() []string {
	var keys []string
	ct := reflect.TypeFor[spec.Cluster]()
	for i := range ct.NumField() {
		f := ct.Field(i)
		st := f.Type.Elem()
		for j := range st.NumField() {
			keys = append(keys, jsonName(f)+"."+jsonName(st.Field(j)))
		}
	}
	return keys
})

func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	return name
}

// ParseController reads one --controller KEY=VALUE: a --set of
// cluster.KEY, with the key checked first so a typo gets a suggestion.
func ParseController(arg string) (Set, error) {
	key, _, ok := strings.Cut(arg, "=")
	if !ok || key == "" {
		return Set{}, fmt.Errorf("--controller %s: want KEY=VALUE, e.g. hpa.syncPeriod=30s", arg)
	}
	known := ControllerKeys()
	found := false
	for _, k := range known {
		found = found || k == key
	}
	if !found {
		return Set{}, fmt.Errorf("--controller %s: unknown setting %q%s (settings: %s)", arg, key, suggest.DidYouMean(key, known), strings.Join(known, ", "))
	}
	s, err := Parse("cluster." + arg)
	if err != nil {
		return Set{}, fmt.Errorf("--controller %s: %s", arg, strings.TrimPrefix(err.Error(), "--set cluster."+arg+": "))
	}
	s.flag = "--controller " + arg
	return s, nil
}
