//go:build tools

// Package tools pins KWOK's controller so that `go mod tidy` keeps its
// dependencies.
package tools

import _ "sigs.k8s.io/kwok/cmd/kwok"
