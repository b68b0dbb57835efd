// Module e2e is the end-to-end suite: it proves that what `agentscale render`
// writes is accepted by a real kube-apiserver. It is its own module so that
// the CLI's dependency graph stays small; the tools it builds (kube-apiserver,
// kubectl, etcd, promtool) live in further modules under tools/.
module github.com/agentscale/agentscale/test/e2e

go 1.26.0

require (
	k8s.io/apimachinery v0.37.2
	sigs.k8s.io/yaml v1.6.0
)

require (
	github.com/fxamacker/cbor/v2 v2.9.1 // indirect
	github.com/x448/float16 v0.8.4 // indirect
	go.yaml.in/yaml/v2 v2.4.4 // indirect
	gopkg.in/inf.v0 v0.9.1 // indirect
	sigs.k8s.io/json v0.0.0-20250730193827-2d320260d730 // indirect
)
