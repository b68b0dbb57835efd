//go:build tools

// Package tools pins kube-linter so that `go mod tidy` keeps its dependencies.
package tools

import _ "golang.stackrox.io/kube-linter/cmd/kube-linter"
