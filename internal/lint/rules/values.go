package rules

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/agentscale/agentscale/internal/lint"
)

// textKind is where a text was written.
type textKind int

const (
	envText     textKind = iota // a plain env value
	commandText                 // a command item
	argsText                    // an args item
	triggerText                 // a KEDA trigger's metadata value
	// The kinds below are checked for credentials only.
	annotationText // an annotation of the object or of its pod template
	headerText     // an httpHeaders value of a probe
	dataText       // a ConfigMap's data value
)

// text is a string a person wrote into an object: a plain env value, a
// command or args item, a KEDA trigger's metadata value, an annotation, a
// probe's HTTP header or a ConfigMap value. Its position and name are
// built only when a rule reports it.
type text struct {
	obj   *lint.Object
	kind  textKind
	index int    // in its list (the trigger's index for metadata)
	key   string // env, metadata, annotation, header or data key; "" for command and args
	value string

	field          string // annotations: the map's path; headers: the probe's path in the container
	ctPath, ctName string // the container ("" when not in one)
	roleContainer  bool   // the role's own container: its fields map onto the role
}

func (t *text) env() bool  { return t.kind == envText }
func (t *text) meta() bool { return t.kind == triggerText }

// inWorkload reports the texts hardcoded-ip reads: env, argv and metadata.
func (t *text) inWorkload() bool { return t.kind <= triggerText }

// sameArgv reports whether u is in the same command line as t.
func (t *text) sameArgv(u *text) bool {
	argv := func(k textKind) bool { return k == commandText || k == argsText }
	return u.obj == t.obj && u.ctPath == t.ctPath && argv(u.kind) && argv(t.kind)
}

func (t *text) list() string {
	switch t.kind {
	case envText:
		return "env"
	case commandText:
		return "command"
	case argsText:
		return "args"
	}
	return "triggers"
}

// at is where the text is, in the manifest and in the role.
func (t *text) at() lint.Where {
	switch t.kind {
	case triggerText:
		p := itemPath("triggers", t.index) + ".metadata" + keyPath(t.key)
		return lint.At("spec."+p, "scaling.keda."+p)
	case annotationText:
		// A role's annotations go on its objects and its pods alike: both
		// map onto the role's own entry (and findings there are one).
		return lint.At(t.field+keyPath(t.key), "annotations"+keyPath(t.key))
	case dataText:
		return lint.At("data"+keyPath(t.key), "")
	case headerText:
		p := t.field + ".httpGet.httpHeaders" + "[" + strconv.Itoa(t.index) + "].value"
		return lint.At(t.ctPath+"."+p, "")
	}
	p := itemPath(t.list(), t.index)
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
	switch t.kind {
	case triggerText:
		return "metadata " + t.key + " of trigger " + strconv.Itoa(t.index)
	case envText:
		return "env " + t.key + " of container " + strconv.Quote(t.ctName)
	case annotationText:
		return "annotation " + strconv.Quote(t.key)
	case headerText:
		return "header " + t.key + " of the " + strings.TrimSuffix(t.field, "Probe") + " probe of container " + strconv.Quote(t.ctName)
	case dataText:
		return "data key " + strconv.Quote(t.key)
	}
	return itemPath(t.list(), t.index) + " of container " + strconv.Quote(t.ctName)
}

// skipAnnotations hold no text a person wrote: kubectl's copy of the whole
// object (whose values are checked where they are), and agentscale's own.
func skipAnnotation(key string) bool {
	return key == corev1.LastAppliedConfigAnnotation || strings.HasPrefix(key, "agentscale.dev/")
}

// eachText calls f with every text of the input, in input order. Env
// values set from Secrets or fields (valueFrom) are not text.
func eachText(c *lint.Context, f func(t *text)) {
	var t text
	annotations := func(o *lint.Object, field string, m map[string]string) {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			if !skipAnnotation(k) {
				t = text{obj: o, kind: annotationText, field: field, key: k, value: m[k]}
				f(&t)
			}
		}
	}
	for _, o := range c.Objects() {
		annotations(o, "metadata.annotations", o.Obj.GetAnnotations())
		if pod, path := o.PodTemplate(); pod != nil {
			if path != "" {
				annotations(o, path+".metadata.annotations", pod.Annotations)
			}
			for ci, ct := range lint.Containers(pod, path) {
				base := text{obj: o, ctPath: ct.Path, ctName: ct.Name,
					roleContainer: !ct.Init && ci == len(pod.Spec.InitContainers)}
				for i, e := range ct.Env {
					if e.ValueFrom == nil && e.Value != "" {
						t = base
						t.kind, t.index, t.key, t.value = envText, i, e.Name, e.Value
						f(&t)
					}
				}
				for _, list := range [...]struct {
					kind  textKind
					items []string
				}{{commandText, ct.Command}, {argsText, ct.Args}} {
					for i, v := range list.items {
						t = base
						t.kind, t.index, t.value = list.kind, i, v
						f(&t)
					}
				}
				for _, p := range [...]struct {
					field string
					probe *corev1.Probe
				}{{"livenessProbe", ct.LivenessProbe}, {"readinessProbe", ct.ReadinessProbe}, {"startupProbe", ct.StartupProbe}} {
					if p.probe == nil || p.probe.HTTPGet == nil {
						continue
					}
					for i, h := range p.probe.HTTPGet.HTTPHeaders {
						t = base
						t.kind, t.field, t.index, t.key, t.value = headerText, p.field, i, h.Name, h.Value
						f(&t)
					}
				}
			}
		}
		triggers, _ := lint.Triggers(o)
		for i, tr := range triggers {
			for _, k := range slices.Sorted(maps.Keys(tr.Metadata)) {
				t = text{obj: o, kind: triggerText, index: i, key: k, value: tr.Metadata[k]}
				f(&t)
			}
		}
		if cm, ok := o.Obj.(*corev1.ConfigMap); ok {
			for _, k := range slices.Sorted(maps.Keys(cm.Data)) {
				t = text{obj: o, kind: dataText, key: k, value: cm.Data[k]}
				f(&t)
			}
		}
	}
}

func itemPath(field string, i int) string { return field + "[" + strconv.Itoa(i) + "]" }

// keyPath is the path step to a map key: `.key`, or `["a.b"]` when the key
// holds characters a dotted path cannot.
func keyPath(k string) string {
	if k == "" || strings.ContainsAny(k, `.[]" `) {
		return "[" + strconv.Quote(k) + "]"
	}
	return "." + k
}
