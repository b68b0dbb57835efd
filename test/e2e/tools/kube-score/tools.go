//go:build tools

// Package tools pins kube-score so that `go mod tidy` keeps its dependencies.
package tools

import _ "github.com/zegl/kube-score/cmd/kube-score"
