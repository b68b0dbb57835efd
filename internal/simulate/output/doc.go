// Package output prints simulation results: a summary table for people,
// CSV and JSON time series for tools, and the comparison table of a sweep.
// Every printer is deterministic: same result, same bytes.
package output
