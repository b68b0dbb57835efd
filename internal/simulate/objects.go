package simulate

import (
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/agentscale/agentscale/internal/build"
	"github.com/agentscale/agentscale/internal/spec"
)

// rendered are the objects render writes for each role. simulate reads a
// role's HPA and its pods' requests from them, so what is simulated is
// what is applied: render alone decides what the swarm's fields mean.
type rendered struct {
	hpa      map[int]*autoscalingv2.HorizontalPodAutoscaler
	requests map[int]corev1.ResourceList
}

func renderObjects(s *spec.Swarm) (*rendered, error) {
	objs, err := build.Objects(s, build.Options{})
	if err != nil {
		return nil, err
	}
	r := &rendered{hpa: map[int]*autoscalingv2.HorizontalPodAutoscaler{}, requests: map[int]corev1.ResourceList{}}
	for _, o := range objs {
		switch obj := o.Obj.(type) {
		case *autoscalingv2.HorizontalPodAutoscaler:
			r.hpa[o.Role] = obj
		case *appsv1.Deployment:
			r.requests[o.Role] = podRequests(&obj.Spec.Template.Spec)
		case *appsv1.StatefulSet:
			r.requests[o.Role] = podRequests(&obj.Spec.Template.Spec)
		}
	}
	return r, nil
}

// podRequests sums a pod's requests over its containers and sidecars
// (restartable init containers), as the HPA's calculateRequests does. A
// resource some container does not request is left out: the HPA cannot
// compute a utilization for it.
func podRequests(p *corev1.PodSpec) corev1.ResourceList {
	containers := append([]corev1.Container{}, p.Containers...)
	for _, c := range p.InitContainers {
		if c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways {
			containers = append(containers, c)
		}
	}
	out := corev1.ResourceList{}
	for _, name := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
		var sum resource.Quantity
		all := len(containers) > 0
		for _, c := range containers {
			q, ok := c.Resources.Requests[name]
			all = all && ok
			sum.Add(q)
		}
		if all {
			out[name] = sum
		}
	}
	return out
}
