// Package load parses the load a simulation is driven by: a pattern such as
// "steady:20" or "spike:20+500@5m/2m", or a CSV file of
// seconds,arrivals_per_second[,role]. It turns either into a per-step rate
// series, so the engine reads one float per step and never re-evaluates a
// pattern in its hot loop.
package load
