package render

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
)

func mustConfigMapData(t testing.TB, o Object) string {
	t.Helper()
	cm, ok := o.Obj.(*corev1.ConfigMap)
	if !ok {
		t.Fatalf("%s is not a ConfigMap", describe(o))
	}
	data, ok := cm.Data[AdapterConfigKey]
	if !ok {
		t.Fatalf("%s has no %s", describe(o), AdapterConfigKey)
	}
	return data
}
