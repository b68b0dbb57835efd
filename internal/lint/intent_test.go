package lint

import (
	"reflect"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/agentscale/agentscale/internal/keda"
	"github.com/agentscale/agentscale/internal/spec"
)

func TestIntentFromAnnotations(t *testing.T) {
	scaled := func(ann map[string]string, types ...string) *Object {
		so := &keda.ScaledObject{ObjectMeta: metav1.ObjectMeta{Annotations: ann}}
		for _, ty := range types {
			so.Spec.Triggers = append(so.Spec.Triggers, keda.ScaleTrigger{Type: ty})
		}
		return &Object{Obj: so, Kind: "ScaledObject"}
	}
	tests := []struct {
		name string
		obj  *Object
		want Intent
	}{
		{"none", scaled(nil), Intent{}},
		{"one count for every kafka trigger", scaled(map[string]string{AnnotationPartitions: "12"}, "kafka", "cpu", "kafka"),
			Intent{Partitions: map[int]int32{0: 12, 2: 12}}},
		{"a count per kafka trigger", scaled(map[string]string{AnnotationPartitions: "12, 7"}, "cpu", "kafka", "kafka"),
			Intent{Partitions: map[int]int32{1: 12, 2: 7}}},
		{"bad counts are absent", scaled(map[string]string{AnnotationPartitions: "x,0"}, "kafka", "kafka"),
			Intent{Partitions: map[int]int32{}}},
		{"role, state and pool from the pod template", &Object{Kind: "Deployment", Obj: &appsv1.Deployment{
			ObjectMeta: metav1.ObjectMeta{Annotations: map[string]string{AnnotationState: "hard"}},
			Spec: appsv1.DeploymentSpec{Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Annotations: map[string]string{
				AnnotationState: "soft", AnnotationRole: "db", AnnotationNodePool: "big",
				AnnotationPoolAllocatable: "cpu=3800m, memory=14Gi,bogus,gpu=x", AnnotationPoolMaxNodes: "20",
			}}}}}},
			Intent{Role: "db", State: spec.Hard, Pool: &spec.NodePool{Name: "big", MaxNodes: 20, Allocatable: corev1.ResourceList{
				corev1.ResourceCPU: resource.MustParse("3800m"), corev1.ResourceMemory: resource.MustParse("14Gi")}}}},
		{"unknown state is absent", &Object{Kind: "Deployment", Obj: &appsv1.Deployment{
			ObjectMeta: metav1.ObjectMeta{Annotations: map[string]string{AnnotationState: "liquid"}}}}, Intent{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := intentFromAnnotations(tt.obj); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v (pool %+v), want %+v (pool %+v)", got, got.Pool, tt.want, tt.want.Pool)
			}
		})
	}
}
