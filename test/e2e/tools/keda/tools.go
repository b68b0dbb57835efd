//go:build tools

// Package tools pins KEDA's operator and metrics server so that `go mod tidy`
// keeps their dependencies.
package tools

import (
	_ "github.com/kedacore/keda/v2/cmd/adapter"
	_ "github.com/kedacore/keda/v2/cmd/operator"
)
