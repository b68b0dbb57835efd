package manifest

import (
	"flag"
	"fmt"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// update is accepted so that `go test ./... -run Golden -update` runs here too.
var _ = flag.Bool("update", false, "rewrite golden files (none in this package)")

// summary prints documents as "line:col Kind name" and errors as "line:col: msg".
func summary(docs []*Document, errs []error) []string {
	var out []string
	for _, d := range docs {
		out = append(out, fmt.Sprintf("%d:%d %s %s", d.Start.Line, d.Start.Col, d.Kind, d.Obj.GetName()))
	}
	for _, e := range errs {
		out = append(out, e.Error())
	}
	return out
}

func TestParse(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"empty", "", nil},
		{"only separators and comments", "---\n# nothing\n---\n", nil},
		{"one object", "apiVersion: v1\nkind: Service\nmetadata: {name: web}\n",
			[]string{"1:1 Service web"}},
		{"leading separator and indented root", "---\n  apiVersion: v1\n  kind: Service\n  metadata: {name: web}\n",
			[]string{"2:3 Service web"}},
		{"content after the marker", "apiVersion: v1\nkind: Service\nmetadata: {name: a}\n--- {apiVersion: v1, kind: Service, metadata: {name: b}}\n",
			[]string{"1:1 Service a", "4:5 Service b"}},
		{"separator with comment", "--- # first\napiVersion: v1\nkind: Service\nmetadata: {name: a}\n",
			[]string{"2:1 Service a"}},
		{"block scalar holding a marker", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  f: |\n    ---\n    x\n---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\n",
			[]string{"1:1 ConfigMap c", "9:1 Service s"}},
		{"json", `{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}}`,
			[]string{"1:1 Deployment web"}},
		{"list", "apiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, kind: Service, metadata: {name: a}}\n  - apiVersion: v1\n    kind: Secret\n    metadata: {name: b}\n",
			[]string{"4:5 Service a", "5:5 Secret b"}},
		{"not a Kubernetes object", "replicaCount: 3\nimage: {tag: x}\n", nil},
		{"unknown kind kept as metadata", "apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: r}\nspec: {x: 1}\n",
			[]string{"1:1 Rollout r"}},
		{"kind without apiVersion", "kind: Service\nmetadata: {name: a}\n",
			[]string{"m.yaml:1:1: object has kind but no apiVersion"}},
		{"not a mapping", "- a\n- b\n", []string{"m.yaml:1:1: a manifest document must be a mapping with apiVersion and kind"}},
		{"syntax error keeps other documents", "apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\napiVersion: v1\nkind: [\n---\napiVersion: v1\nkind: Service\nmetadata: {name: c}\n",
			[]string{"1:1 Service a", "8:1 Service c", "m.yaml:6:1: invalid YAML: did not find expected node content"}},
		{"type error at its field", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: three\n",
			[]string{"m.yaml:5:13: spec.replicas: must be an integer, not a string"}},
		{"type error inside a list", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: a\n          ports: [{containerPort: http}]\n",
			[]string{"m.yaml:9:35: spec.template.spec.containers[0].ports[0].containerPort: must be an integer, not a string"}},
		{"a value its type refuses, at its field", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: a\n          resources: {requests: {cpu: abc}}\n",
			[]string{`m.yaml:9:39: spec.template.spec.containers[0].resources.requests.cpu: must be a quantity (a string such as "500m" or "1Gi", or a number), not "abc"`}},
		{"duplicate key", "apiVersion: v1\nkind: Service\nmetadata: {name: a}\nmetadata: {name: b}\n",
			[]string{`m.yaml:4:1: duplicate key "metadata" (first set at line 3)`}},
		{"anchors and merge keys", "apiVersion: v1\nkind: Service\nmetadata: &m {name: a}\n---\napiVersion: v1\nkind: Service\nmetadata:\n  <<: {name: b, namespace: x}\n  name: c\n",
			[]string{"1:1 Service a", "5:1 Service c"}},
		{"merge of itself", "apiVersion: v1\nkind: Service\nmetadata: &m {<<: *m}\n",
			[]string{"m.yaml:3:19: merge key (<<) merges a mapping into itself: *m contains this merge (a cycle)"}},
		{"infinite float", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\nx: .inf\n",
			[]string{`m.yaml:4:4: ".inf" is not a finite number`}},
		{"nested lists are flattened", "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: List\n    items:\n      - {apiVersion: v1, kind: Secret, metadata: {name: inner}}\n  - {apiVersion: v1, kind: Service, metadata: {name: outer}}\n",
			[]string{"7:9 Secret inner", "8:5 Service outer"}},
		{"a List's items must be a list", "apiVersion: v1\nkind: List\nitems: {a: 1}\n",
			[]string{"m.yaml:3:8: a List's items must be a list of objects"}},
		{"concatenated JSON objects", `{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "a"}}{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "b"}}` + "\n" + `{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "c"}}`,
			[]string{"1:1 Service a", "1:67 Secret b", "2:1 Pod c"}},
		{"JSON with trailing garbage", "{\"apiVersion\": \"v1\", \"kind\": \"Service\", \"metadata\": {\"name\": \"a\"}}\n  trailing",
			[]string{"1:1 Service a", "m.yaml:2:3: text after the last JSON object is not JSON (kubectl refuses the file)"}},
		{"JSON cut short", "{\"apiVersion\": \"v1\", \"kind\": \"Service\", \"metadata\": {\"name\": \"a\"}}\n{\"apiVersion\": ",
			[]string{"1:1 Service a", "m.yaml:2:1: the file ends inside this JSON value"}},
		{"JSON surrogate pairs", `{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a", "annotations": {"x": "\ud83d\ude00 \\ud83d"}}}`,
			[]string{"1:1 ConfigMap a"}},
		{"a YAML flow mapping is not JSON", "{apiVersion: v1, kind: Service, metadata: {name: a}}\n",
			[]string{"1:1 Service a"}},
		{"alias cycle", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: &d [*d]\n",
			[]string{"m.yaml:4:11: alias *d refers to a value that contains it (a cycle)"}},
		{"binary", "apiVersion: v1\x00", []string{"m.yaml:1:15: file is not UTF-8 text (binary data here): YAML must be text"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, errs := Parse("m.yaml", []byte(tt.in))
			var es []error
			for _, e := range errs {
				es = append(es, e)
			}
			got := summary(docs, es)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tt.want, "\n\t"))
			}
		})
	}
}

func TestParseTypes(t *testing.T) {
	in := "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 0x10}\n---\n" +
		"apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\nspec:\n  scaleTargetRef: {kind: Deployment, name: web}\n  maxReplicas: 5\n  targetCPUUtilizationPercentage: 70\n---\n" +
		"apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: n, labels: {a: b}}\n"
	docs, errs := Parse("m.yaml", []byte(in))
	if len(errs) > 0 || len(docs) != 3 {
		t.Fatalf("docs %d, errs %v", len(docs), errs)
	}
	if d, ok := docs[0].Obj.(*appsv1.Deployment); !ok || *d.Spec.Replicas != 16 {
		t.Errorf("deployment: %#v", docs[0].Obj)
	}
	h, ok := docs[1].Obj.(*autoscalingv2.HorizontalPodAutoscaler)
	if !ok || h.Spec.MaxReplicas != 5 || len(h.Spec.Metrics) != 1 || *h.Spec.Metrics[0].Resource.Target.AverageUtilization != 70 {
		t.Errorf("autoscaling/v1 not upgraded: %#v", docs[1].Obj)
	}
	if docs[1].APIVersion != "autoscaling/v1" {
		t.Errorf("apiVersion %q, want the written one", docs[1].APIVersion)
	}
	if w, ok := docs[2].Obj.(*metav1.PartialObjectMetadata); !ok || w.Namespace != "n" || w.Labels["a"] != "b" {
		t.Errorf("unknown kind: %#v", docs[2].Obj)
	}
}

func TestDocumentPos(t *testing.T) {
	in := "apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  annotations:\n    agentscale.dev/ignore: x\nspec:\n  template:\n    spec:\n      containers:\n        - name: a\n          image: a:1\n        - name: b\n          resources: {}\n" +
		"--- {apiVersion: v1, kind: List, items: [{apiVersion: v1, kind: Service, metadata: {name: s}}]}\n"
	docs, errs := Parse("m.yaml", []byte(in))
	if len(errs) > 0 || len(docs) != 3 {
		t.Fatalf("docs %d, errs %v", len(docs), errs)
	}
	tests := []struct {
		doc  int
		path string
		want string
	}{
		{1, "", "m.yaml:5:1"},
		{1, "spec.template.spec.containers[1].resources", "m.yaml:18:11"},
		{1, "spec.template.spec.containers[1].resources.requests", "m.yaml:18:11"},
		{1, "spec.template.spec.containers[0].resources", "m.yaml:15:11"},
		{1, "spec.template.spec.containers[7]", "m.yaml:14:7"},
		{1, `metadata.annotations["agentscale.dev/ignore"]`, "m.yaml:10:5"},
		{1, "spec.replicas", "m.yaml:11:1"},
		{1, "status", "m.yaml:5:1"},
		{0, "metadata.name", "m.yaml:3:12"},
		{2, "metadata.name", "m.yaml:19:85"},
	}
	for _, tt := range tests {
		if got := docs[tt.doc].Pos(tt.path).String(); got != tt.want {
			t.Errorf("doc %d Pos(%q) = %s, want %s", tt.doc, tt.path, got, tt.want)
		}
	}
}

func TestSegments(t *testing.T) {
	chunks := split([]byte(strings.Repeat("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {k: "+strings.Repeat("x", 1000)+"}\n---\n", 300)))
	segs := segments(chunks, 4)
	if len(segs) != 4 || segs[0].lo != 0 || segs[3].hi != len(chunks) {
		t.Fatalf("segments %v of %d chunks", segs, len(chunks))
	}
	for i := 1; i < len(segs); i++ {
		if segs[i].lo != segs[i-1].hi {
			t.Fatalf("segments not contiguous: %v", segs)
		}
	}
	if docs, errs := Parse("m.yaml", joinChunks(chunks)); len(docs) != 300 || len(errs) > 0 {
		t.Fatalf("parallel parse: %d docs, %v", len(docs), errs)
	} else if docs[299].Start.Line != 299*5+1 {
		t.Errorf("last document at line %d", docs[299].Start.Line)
	}
}

func joinChunks(cs []chunk) []byte {
	var parts []string
	for _, c := range cs {
		parts = append(parts, string(c.data))
	}
	return []byte(strings.Join(parts, "---"))
}

func TestYAMLErrorLines(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a: 1\nb: [x\n", "m.yaml:2:1: invalid YAML: did not find expected ',' or ']'"},
		{"a: 1\nb:\n  - x\n - y\n", "m.yaml:4:2: invalid YAML: this item (column 2) is indented less than the items of this list, which start at column 3 (line 3): move it to column 3"},
		{"a: 1\n\tb: 2\n", "m.yaml:2:1: invalid YAML: a tab indents this line: YAML indents with spaces only"},
		{"a: 1\nb: c: d\n", `m.yaml:2:5: invalid YAML: mapping values are not allowed in this context: quote a value that holds ": "`},
		{"x: 1\n---\na: 1\nb: [x\n", "m.yaml:4:1: invalid YAML: did not find expected ',' or ']'"},
	}
	for _, tt := range tests {
		_, errs := Parse("m.yaml", []byte(tt.in))
		if len(errs) != 1 || errs[0].Error() != tt.want {
			t.Errorf("%q: got %v, want %s", tt.in, errs, tt.want)
		}
	}
}

func TestTyped(t *testing.T) {
	obj, err := Typed("apps/v1", "Deployment", []byte(`{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":2}}`))
	if d, ok := obj.(*appsv1.Deployment); err != nil || !ok || *d.Spec.Replicas != 2 {
		t.Errorf("got %#v, %v", obj, err)
	}
	if _, err := Typed("apps/v1", "Deployment", []byte(`{"spec":{"replicas":"two"}}`)); err == nil {
		t.Error("type error accepted")
	}
	if obj, err := Typed("example.com/v1", "Widget", []byte(`{"metadata":{"name":"w"}}`)); err != nil || obj.GetName() != "w" {
		t.Errorf("unknown kind: %#v, %v", obj, err)
	}
}
