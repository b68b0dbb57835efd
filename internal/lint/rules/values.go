package rules

import (
	"slices"
	"strconv"
	"strings"

	"github.com/agentscale/agentscale/internal/lint"
)

// text is a string a person wrote into a workload or a trigger: a plain env
// value, a command or args item, or a KEDA trigger's metadata value. Its
// position and name are built only when a rule reports it.
type text struct {
	obj   *lint.Object
	list  string // "env", "command", "args" or "triggers"
	index int    // in list (the trigger's index for metadata)
	key   string // env name or metadata key; "" for command and args
	value string

	ctPath, ctName string // the container ("" for triggers)
	roleContainer  bool   // the role's own container: its fields map onto the role
}

func (t *text) env() bool  { return t.list == "env" }
func (t *text) meta() bool { return t.list == "triggers" }

// sameArgv reports whether u is in the same command line as t.
func (t *text) sameArgv(u *text) bool {
	return u.obj == t.obj && u.ctPath == t.ctPath && !u.env() && !u.meta() && !t.env() && !t.meta()
}

// at is where the text is, in the manifest and in the role.
func (t *text) at() lint.Where {
	if t.meta() {
		p := itemPath("triggers", t.index) + ".metadata" + keyPath(t.key)
		return lint.At("spec."+p, "scaling.keda."+p)
	}
	p := itemPath(t.list, t.index)
	if t.env() {
		p += ".value"
	}
	role := ""
	if t.roleContainer {
		role = p
	}
	return lint.At(t.ctPath+"."+p, role)
}

// what names the text in a message: `env DB_HOST of container "app"`.
func (t *text) what() string {
	switch {
	case t.meta():
		return "metadata " + t.key + " of trigger " + strconv.Itoa(t.index)
	case t.env():
		return "env " + t.key + " of container " + strconv.Quote(t.ctName)
	}
	return itemPath(t.list, t.index) + " of container " + strconv.Quote(t.ctName)
}

// eachText calls f with every text of the input, in input order. Env
// values set from Secrets or fields (valueFrom) are not text.
func eachText(c *lint.Context, f func(t *text)) {
	var t text
	for _, o := range c.Objects() {
		if pod, path := o.PodTemplate(); pod != nil {
			for ci, ct := range lint.Containers(pod, path) {
				t = text{obj: o, ctPath: ct.Path, ctName: ct.Name,
					roleContainer: !ct.Init && ci == len(pod.Spec.InitContainers)}
				t.list = "env"
				for i, e := range ct.Env {
					if e.ValueFrom == nil && e.Value != "" {
						t.index, t.key, t.value = i, e.Name, e.Value
						f(&t)
					}
				}
				t.key = ""
				for _, list := range [...]struct {
					name  string
					items []string
				}{{"command", ct.Command}, {"args", ct.Args}} {
					t.list = list.name
					for i, v := range list.items {
						t.index, t.value = i, v
						f(&t)
					}
				}
			}
		}
		triggers, _ := lint.Triggers(o)
		for i, tr := range triggers {
			keys := make([]string, 0, len(tr.Metadata))
			for k := range tr.Metadata {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			t = text{obj: o, list: "triggers", index: i}
			for _, k := range keys {
				t.key, t.value = k, tr.Metadata[k]
				f(&t)
			}
		}
	}
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
