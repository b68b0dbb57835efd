// Package hpadiff holds the differential test of internal/simulate/hpa
// against the real HPA controller; see hpadiff_test.go.
package hpadiff
