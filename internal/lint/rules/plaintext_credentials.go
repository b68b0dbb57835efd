package rules

import (
	"strings"

	"github.com/agentscale/agentscale/internal/lint"
	"github.com/agentscale/agentscale/internal/secrets"
)

// PlaintextCredentials: secrets written where everyone who can read the
// object (or the repository) sees them: env values, command and args
// items, KEDA trigger metadata, annotations, probe HTTP headers and
// ConfigMap data. internal/secrets judges each value — by its shape
// (gitleaks' rules for well-known credential formats, a URL with a
// password, an Authorization value) and by the name it is written under
// (DB_PASSWORD, openaiApiKey, --auth-token; not MAX_TOKENS, TOKEN_TTL or
// SECRET_NAME). Values that cannot be the secret are skipped: $(VAR) and
// ${VAR} references, file paths, secret manager references (arn:,
// projects/.../secrets, vault:, ref+), true/false-like switches, and
// numbers under 8 digits unless the name ends in PASSWORD. Messages never
// repeat the value: findings end up in CI logs.
var PlaintextCredentials = &lint.Rule{
	ID:       "plaintext-credentials",
	Severity: lint.Error,
	Why:      "A password, token, key or connection string in an env value, an argument, trigger metadata, an annotation, a probe header or a ConfigMap is readable by anyone who can read the object or the repository, and leaks into logs and kubectl output.",
	Fix:      "Put the value in a Secret and use env valueFrom.secretKeyRef (or a Secret volume), or a TriggerAuthentication for triggers (in swarm.yaml: scaling.keda.triggers[].auth).",
	Check:    checkPlaintextCredentials,
}

func checkPlaintextCredentials(c *lint.Context) {
	var prev text
	eachText(c, func(t *text) {
		if msg := credential(t, &prev); msg != "" {
			c.Report(t.obj, t.at(), "%s %s", t.what(), msg)
		}
		prev = *t
	})
}

// credential says what secret t holds in plain text, or "". prev is the
// text before t, for "--password VALUE" argument pairs.
func credential(t, prev *text) string {
	name, v := t.key, t.value
	if t.kind == commandText || t.kind == argsText {
		name = argName(t, prev)
		if n, val, ok := strings.Cut(v, "="); ok && strings.HasPrefix(n, "-") {
			name, v = strings.TrimLeft(n, "-"), val
		}
	}
	return secrets.Check(name, v)
}

// argName is the flag an argument is the value of: "--token" before "abc".
func argName(t, prev *text) string {
	if strings.HasPrefix(t.value, "-") || !t.sameArgv(prev) ||
		!strings.HasPrefix(prev.value, "-") || strings.Contains(prev.value, "=") {
		return ""
	}
	return strings.TrimLeft(prev.value, "-")
}
