package rules

import (
	"slices"
	"strconv"
	"strings"

	"github.com/agentscale/agentscale/internal/lint"
)

// text is a string a person wrote into a workload or a trigger: a plain env
// value, a command or args item, or a KEDA trigger's metadata value.
type text struct {
	obj   *lint.Object
	group string // the container's or trigger's path: texts of one group are one argv
	at    lint.Where
	what  string // names the part in a message: `env DB_HOST of container "app"`
	key   string // env name or metadata key; "" for command and args
	value string
	env   bool // an env value (key is the variable name)
	meta  bool // trigger metadata (key is the parameter name)
}

// texts returns every such string in the input, in input order. Env values
// set from Secrets or fields (valueFrom) are not text and are skipped.
func texts(c *lint.Context) []text {
	var out []text
	for _, o := range c.Objects() {
		if pod, path := o.PodTemplate(); pod != nil {
			for ci, ct := range lint.Containers(pod, path) {
				// Only the role's own container maps onto role fields.
				role := func(f string) string {
					if ct.Init || ci != len(pod.Spec.InitContainers) {
						return ""
					}
					return f
				}
				for i, e := range ct.Env {
					if e.ValueFrom != nil || e.Value == "" {
						continue
					}
					p := itemPath("env", i)
					out = append(out, text{obj: o, group: ct.Path, at: lint.At(ct.Path+"."+p+".value", role(p+".value")),
						what: "env " + e.Name + " of container " + strconv.Quote(ct.Name), key: e.Name, value: e.Value, env: true})
				}
				for _, list := range []struct {
					name  string
					items []string
				}{{"command", ct.Command}, {"args", ct.Args}} {
					for i, v := range list.items {
						p := itemPath(list.name, i)
						out = append(out, text{obj: o, group: ct.Path, at: lint.At(ct.Path+"."+p, role(p)),
							what: p + " of container " + strconv.Quote(ct.Name), value: v})
					}
				}
			}
		}
		triggers, path := lint.Triggers(o)
		for i, t := range triggers {
			keys := make([]string, 0, len(t.Metadata))
			for k := range t.Metadata {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			for _, k := range keys {
				p := itemPath("triggers", i) + ".metadata" + keyPath(k)
				out = append(out, text{obj: o, group: itemPath(path, i), at: lint.At(path[:len(path)-len("triggers")]+p, "scaling.keda."+p),
					what: "metadata " + k + " of trigger " + strconv.Itoa(i), key: k, value: t.Metadata[k], meta: true})
			}
		}
	}
	return out
}

func itemPath(field string, i int) string { return field + "[" + strconv.Itoa(i) + "]" }

// keyPath is the path step to a map key: `.key`, or `["a.b"]` when the key
// holds characters a dotted path cannot.
func keyPath(k string) string {
	if k == "" || strings.ContainsAny(k, `.[]"`) {
		return `["` + k + `"]`
	}
	return "." + k
}
