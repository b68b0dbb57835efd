package rules

import (
	"strings"
	"testing"

	"github.com/agentscale/agentscale/internal/lint/linttest"
)

func TestGPUTolerationWithoutGPU(t *testing.T) {
	dep := func(resources string) string {
		return `apiVersion: apps/v1
kind: Deployment
metadata: {name: vision}
spec:
  template:
    spec:
      tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]
      containers:
        - name: app
          image: app:1
          resources: ` + resources + "\n"
	}
	swarm := func(resources string) string {
		return `
apiVersion: agentscale.dev/v1alpha1
kind: Swarm
metadata: {name: s}
spec:
  nodePools:
    - name: gpu
      allocatable: {cpu: "8", memory: 30Gi, nvidia.com/gpu: "1"}
      maxNodes: 2
      tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]
  roles:
    - name: vision
      image: v:1
      nodePool: gpu
      resources: ` + resources + "\n"
	}
	linttest.Run(t, GPUTolerationWithoutGPU, []linttest.Case{
		{Name: "manifest/tolerates the taint, requests none", Manifest: dep("{requests: {cpu: 6}}"), Want: []string{
			`7:21: warning gpu-toleration-without-gpu: Deployment vision tolerates the nvidia.com/gpu taint but no container requests a GPU: it gets none`,
		}},
		{Name: "manifest/a GPU limit", Manifest: dep(`{limits: {nvidia.com/gpu: "1"}}`)},
		{Name: "manifest/suppressed", Manifest: strings.Replace(dep("{requests: {cpu: 6}}"), "metadata: {name: vision}",
			"metadata:\n  name: vision\n  annotations: {agentscale.dev/ignore: gpu-toleration-without-gpu, agentscale.dev/ignore-reason: uses the GPU node's local NVMe only}", 1)},
		{Name: "swarm/a role on the GPU pool without a GPU", Swarm: swarm("{requests: {cpu: 6, memory: 8Gi}}"), Want: []string{
			`13:7: warning gpu-toleration-without-gpu: Deployment s-vision tolerates the nvidia.com/gpu taint but no container requests a GPU: it gets none`,
		}},
		{Name: "swarm/a role that requests one", Swarm: swarm(`{requests: {cpu: 6, memory: 8Gi, nvidia.com/gpu: "1"}, limits: {nvidia.com/gpu: "1"}}`)},
	})
}
