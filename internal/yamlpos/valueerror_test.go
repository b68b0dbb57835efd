package yamlpos

import (
	"reflect"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	kjson "sigs.k8s.io/json"
)

// TestValueError places the errors a type's own decoder returns bare, on
// the real Kubernetes types: each case must also fail to decode, so the
// table cannot drift from what the decoder refuses.
func TestValueError(t *testing.T) {
	deploy := reflect.TypeFor[appsv1.Deployment]()
	tests := []struct {
		name, in string
		typ      reflect.Type
		want     string // "field @pos: msg", or "" when ValueError finds nothing
	}{
		{"quantity in a list item", "spec:\n  template:\n    spec:\n      containers:\n        - name: a\n        - name: b\n          resources: {limits: {cpu: abc}}\n", deploy,
			`spec.template.spec.containers[1].resources.limits.cpu @f.yaml:7:37: must be a quantity (a string such as "500m" or "1Gi", or a number), not "abc"`},
		{"quantity as a mapping", "spec:\n  template:\n    spec:\n      containers:\n        - resources: {requests: {memory: {x: 1}}}\n", deploy,
			`spec.template.spec.containers[0].resources.requests.memory @f.yaml:5:42: must be a quantity (a string such as "500m" or "1Gi", or a number)`},
		{"time in inline metadata", "metadata: {name: a, creationTimestamp: yesterday}\n", reflect.TypeFor[corev1.Service](),
			`metadata.creationTimestamp @f.yaml:1:40: must be an RFC 3339 time such as "2026-01-02T15:04:05Z", not "yesterday"`},
		{"int-or-string as a list", "spec:\n  ports:\n    - port: 80\n      targetPort: [1]\n", reflect.TypeFor[corev1.Service](),
			"spec.ports[0].targetPort @f.yaml:4:19: cannot unmarshal array into Go value of type int32"},
		{"a map of quantities", "spec:\n  hard: {pods: ten}\n", reflect.TypeFor[corev1.ResourceQuota](),
			`spec.hard.pods @f.yaml:2:16: must be a quantity (a string such as "500m" or "1Gi", or a number), not "ten"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, errs := ParseOne(Origin{File: "f.yaml"}, []byte(tt.in), Limits{})
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if err := kjson.UnmarshalCaseSensitivePreserveInts(AppendJSON(nil, n), reflect.New(tt.typ).Interface()); err == nil {
				t.Fatal("decodes: the case tests nothing")
			}
			got := ""
			if field, pos, msg, ok := ValueError(n, tt.typ); ok {
				got = field + " @" + pos.String() + ": " + msg
			}
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
	// A decodable tree has nothing to find.
	n, _ := ParseOne(Origin{File: "f.yaml"}, []byte("spec: {replicas: 2}\n"), Limits{})
	if _, _, _, ok := ValueError(n, deploy); ok {
		t.Error("found an error in a valid Deployment")
	}
}

// TestTypeErrorAt finds the list item that holds the bad value, not the
// first that holds the field.
func TestTypeErrorAt(t *testing.T) {
	in := "spec:\n  template:\n    spec:\n      containers:\n        - name: a\n          ports: [{containerPort: 80}]\n        - name: b\n          ports: [{containerPort: 81}, {containerPort: http}]\n"
	n, errs := ParseOne(Origin{File: "f.yaml"}, []byte(in), Limits{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	deploy := reflect.TypeFor[appsv1.Deployment]()
	err := kjson.UnmarshalCaseSensitivePreserveInts(AppendJSON(nil, n), new(appsv1.Deployment))
	plain, _, ok := TypeError(err)
	if !ok {
		t.Fatalf("not a type error: %v", err)
	}
	field, pos, ok := TypeErrorAt(n, deploy, plain)
	if got, want := field+" @"+pos.String(), "spec.template.spec.containers[1].ports[1].containerPort @f.yaml:8:56"; !ok || got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
