package lint

import (
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestLive(t *testing.T) {
	for _, tt := range []struct {
		meta metav1.ObjectMeta
		want bool
	}{
		{metav1.ObjectMeta{Name: "web"}, false},
		{metav1.ObjectMeta{Name: "web", UID: "1f0c"}, true},
		{metav1.ObjectMeta{Name: "web", ResourceVersion: "42"}, true},
	} {
		o := &Object{Obj: &appsv1.Deployment{ObjectMeta: tt.meta}, Kind: "Deployment"}
		if got := o.Live(); got != tt.want {
			t.Errorf("Live(%+v) = %v", tt.meta, got)
		}
	}
}
