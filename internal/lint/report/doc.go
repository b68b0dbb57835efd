// Package report prints lint findings — text, json, sarif, github — and
// the rule catalogue (--list-rules, explain, docs/rules.md). One file per
// format; every printer is deterministic and reads only Findings and Rules.
package report
