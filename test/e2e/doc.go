// Package e2e holds the end-to-end tests of agentscale against a real
// kube-apiserver (backed by etcd), started by TestMain. All code lives in
// _test.go files; this file only gives the package a non-test member so that
// `go vet ./...` and `go build ./...` have something to look at.
package e2e
