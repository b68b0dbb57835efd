//go:build tools

// Package tools pins goreleaser and ko so that `go mod tidy` keeps their
// dependencies.
package tools

import (
	_ "github.com/google/ko"
	_ "github.com/goreleaser/goreleaser/v2"
)
