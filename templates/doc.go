// Package templates holds the starter swarm files `agentscale init` writes.
// Each template is a complete, valid swarm.yaml whose first comment line
// describes it; the tests validate (and lint) every one.
package templates
