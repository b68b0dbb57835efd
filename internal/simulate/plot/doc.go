// Package plot draws a simulation as one picture of stacked panels sharing
// the time axis: load, backlog, replicas (desired, ready, max) and nodes.
// It uses gonum.org/v1/plot and writes SVG or PNG.
package plot
