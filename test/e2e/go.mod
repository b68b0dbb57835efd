// Module e2e is the end-to-end suite: it proves that what `agentscale render`
// writes is accepted by a real kube-apiserver. It is its own module so that
// the CLI's dependency graph stays small; the tools it builds (kube-apiserver,
// kubectl, etcd, promtool) live in further modules under tools/.
module github.com/agentscale/agentscale/test/e2e

go 1.26.0
