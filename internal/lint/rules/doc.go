// Package rules holds agentscale's lint rules, one per file, each a single
// *lint.Rule value listed in All. A rule's table test (fires, does not fire,
// suppressed; on swarm and on manifest input, with exact positions) sits
// beside it and uses internal/lint/linttest.
package rules
