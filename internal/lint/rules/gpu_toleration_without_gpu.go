package rules

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"

	"github.com/agentscale/agentscale/internal/lint"
	"github.com/agentscale/agentscale/internal/render"
)

// GPUTolerationWithoutGPU: pods that tolerate a GPU taint (a key ending in
// /gpu: nvidia.com/gpu, amd.com/gpu) but request no GPU. They land on
// expensive GPU nodes, get no device (the device plugin hands GPUs out by
// request only), and take the room of pods that would use one.
var GPUTolerationWithoutGPU = &lint.Rule{
	ID:       "gpu-toleration-without-gpu",
	Severity: lint.Warning,
	Why:      "A pod that tolerates a GPU node's taint but requests no GPU gets no device (the device plugin assigns GPUs by request only): it runs on the CPU of an expensive node and keeps GPU pods out.",
	Fix:      "Request the GPUs the agent uses (resources.limits and requests: nvidia.com/gpu: 1), or run it on a pool without the GPU taint.",
	Check:    checkGPUTolerationWithoutGPU,
}

func checkGPUTolerationWithoutGPU(c *lint.Context) {
	for _, w := range c.Workloads() {
		pod, path := w.PodTemplate()
		if pod == nil {
			continue
		}
		i := gpuToleration(pod.Spec.Tolerations)
		if i < 0 || requestsGPU(pod.Spec.Containers) {
			continue
		}
		c.Report(w, lint.At(fmt.Sprintf("%s.spec.tolerations[%d]", path, i), "nodePool"),
			"%s %s tolerates the %s taint but no container requests a GPU: it gets none", w.Kind, w.Name(), pod.Spec.Tolerations[i].Key)
	}
}

func gpuToleration(ts []corev1.Toleration) int {
	for i, t := range ts {
		if render.IsGPU(t.Key) {
			return i
		}
	}
	return -1
}

func requestsGPU(cs []corev1.Container) bool {
	for _, c := range cs {
		for _, l := range []corev1.ResourceList{c.Resources.Requests, c.Resources.Limits} {
			for name, q := range l {
				if render.IsGPU(string(name)) && !q.IsZero() {
					return true
				}
			}
		}
	}
	return false
}
