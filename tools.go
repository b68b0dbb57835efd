//go:build tools

// Package tools pins dependencies that packages import as they are written.
package tools
import (
 _ "github.com/spf13/cobra"
 _ "github.com/spf13/viper"
 _ "sigs.k8s.io/yaml"
 _ "sigs.k8s.io/yaml/goyaml.v3"
 _ "k8s.io/api/apps/v1"
 _ "k8s.io/apimachinery/pkg/api/resource"
 _ "sigs.k8s.io/kustomize/api/krusty"
 _ "sigs.k8s.io/kustomize/kyaml/fn/framework"
 _ "github.com/santhosh-tekuri/jsonschema/v6"
 _ "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
 _ "gonum.org/v1/plot"
 _ "golang.org/x/term"
)
