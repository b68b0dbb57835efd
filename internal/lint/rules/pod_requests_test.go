package rules

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

func TestPodRequests(t *testing.T) {
	always := corev1.ContainerRestartPolicyAlways
	ct := func(cpu string, limitOnly bool) corev1.Container {
		l := corev1.ResourceList{corev1.ResourceCPU: resource.MustParse(cpu)}
		if limitOnly {
			return corev1.Container{Resources: corev1.ResourceRequirements{Limits: l}}
		}
		return corev1.Container{Resources: corev1.ResourceRequirements{Requests: l}}
	}
	sidecar := func(cpu string) corev1.Container {
		c := ct(cpu, false)
		c.RestartPolicy = &always
		return c
	}
	for _, tc := range []struct {
		name string
		pod  corev1.PodSpec
		want string
	}{
		{"containers add up", corev1.PodSpec{Containers: []corev1.Container{ct("1", false), ct("500m", false)}}, "1500m"},
		{"a limit stands in for a request", corev1.PodSpec{Containers: []corev1.Container{ct("2", true)}}, "2"},
		{"the largest init container wins", corev1.PodSpec{
			InitContainers: []corev1.Container{ct("3", false), ct("1", false)},
			Containers:     []corev1.Container{ct("1", false)}}, "3"},
		{"sidecars run beside later init containers and the app", corev1.PodSpec{
			InitContainers: []corev1.Container{ct("2", false), sidecar("1"), ct("2500m", false)},
			Containers:     []corev1.Container{ct("1", false)}}, "3500m"},
		{"sidecars add to the app", corev1.PodSpec{
			InitContainers: []corev1.Container{sidecar("1")},
			Containers:     []corev1.Container{ct("1", false)}}, "2"},
		{"overhead is added", corev1.PodSpec{
			Containers: []corev1.Container{ct("1", false)},
			Overhead:   corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("250m")}}, "1250m"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := podRequests(&tc.pod)[corev1.ResourceCPU]
			if want := resource.MustParse(tc.want); got.Cmp(want) != 0 {
				t.Errorf("cpu = %s, want %s", got.String(), tc.want)
			}
		})
	}
}
