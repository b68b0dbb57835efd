package rules

import (
	"strings"

	"github.com/agentscale/agentscale/internal/lint"
)

// PlaintextCredentials: secrets written into env values, args or trigger
// metadata, where everyone who can read the object (or the repository)
// sees them. Judged by the name (env var, --flag, metadata key) as people
// write it: its last words are password/pass/token/secret/api key/...
// (DB_PASSWORD, openaiApiKey, --auth-token; not MAX_TOKENS, TOKEN_TTL or
// SECRET_NAME), and by the value: any URL with a password
// (amqp://user:pw@host) fires whatever its name. Values that cannot be the
// secret are skipped: $(VAR) and ${VAR} references, file paths, secret
// manager references (arn:, projects/.../secrets, vault:, ref+),
// true/false-like switches, and numbers under 8 digits (MAX_TOKEN=4096,
// RETRY_PASS=3) unless the name ends in PASSWORD. Connection-string names fire only on values shaped like
// one (host=...;, scheme://). KEDA's *FromEnv keys hold env var names.
// Messages never repeat the value: findings end up in CI logs.
var PlaintextCredentials = &lint.Rule{
	ID:       "plaintext-credentials",
	Severity: lint.Error,
	Why:      "A password, token or connection string in an env value, an argument or trigger metadata is readable by anyone who can read the object or the repository, and leaks into logs and kubectl output.",
	Fix:      "Put the value in a Secret and use env valueFrom.secretKeyRef, or a TriggerAuthentication for triggers (in swarm.yaml: scaling.keda.triggers[].auth).",
	Check:    checkPlaintextCredentials,
}

func checkPlaintextCredentials(c *lint.Context) {
	var prev text
	eachText(c, func(t *text) {
		if msg := credential(t, &prev); msg != "" {
			// The message never repeats the value: findings end up in CI logs.
			c.Report(t.obj, t.at(), "%s %s", t.what(), msg)
		}
		prev = *t
	})
}

// credential says what secret t holds in plain text, or "". prev is the
// text before t, for "--password VALUE" argument pairs.
func credential(t, prev *text) string {
	v := strings.TrimSpace(t.value)
	if urlPassword(v) {
		return "holds a URL with a password"
	}
	name := t.key
	if !t.env() && !t.meta() {
		name = argName(t, prev)
		if n, val, ok := strings.Cut(v, "="); ok && strings.HasPrefix(n, "-") {
			name, v = strings.TrimLeft(n, "-"), val
		}
	}
	if name == "" || notSecretValue(v) {
		return ""
	}
	if t.meta() && (strings.HasSuffix(name, "FromEnv") || strings.HasSuffix(name, "FromEnvFile")) {
		return "" // the value names an env var that holds the secret
	}
	switch kind := credentialKind(nameWords(name)); kind {
	case "":
		return ""
	case "connection string":
		if !strings.ContainsAny(v, "=;") && !strings.Contains(v, "://") {
			return "" // a name, not a connection string
		}
		return "holds a connection string in plain text"
	default:
		if allDigits(v) && len(v) < 8 && (kind != "password" || strings.HasSuffix(strings.ToLower(name), "pass")) {
			return "" // MAX_TOKEN=4096, NUM_PASS=3: a count; PASSWORD=1234 is a password
		}
		return "holds a " + kind + " in plain text"
	}
}

// argName is the flag an argument is the value of: "--token" before "abc".
func argName(t, prev *text) string {
	if strings.HasPrefix(t.value, "-") || !t.sameArgv(prev) ||
		!strings.HasPrefix(prev.value, "-") || strings.Contains(prev.value, "=") {
		return ""
	}
	return strings.TrimLeft(prev.value, "-")
}

// credentialKind names what a variable, flag or parameter called by these
// words holds ("password", "token", ...), judged by its last words as
// people name them: DB_PASSWORD, openaiApiKey, --auth-token; MAX_TOKENS
// and TOKEN_TTL are not credentials.
func credentialKind(w []string) string {
	if len(w) == 0 {
		return ""
	}
	last, prev := w[len(w)-1], ""
	if len(w) > 1 {
		prev = w[len(w)-2]
	}
	switch last {
	case "password", "passwd", "pass":
		return "password"
	case "token":
		return "token"
	case "secret":
		return "secret"
	case "apikey", "credentials", "creds":
		return "credential"
	case "key":
		switch prev {
		case "api", "app", "access", "secret", "private", "client", "auth", "master",
			"encryption", "signing", "query", "account", "sas", "shared", "license":
			return "key"
		}
	case "connectionstring", "connstr", "connection":
		return "connection string"
	case "string", "str":
		if prev == "connection" || prev == "conn" {
			return "connection string"
		}
	}
	return ""
}

// notSecretValue is true for values that cannot be the secret itself:
// switches and references (see secretRefs).
func notSecretValue(v string) bool {
	switch strings.ToLower(v) {
	case "", "true", "false", "yes", "no", "on", "off", "enabled", "disabled", "none", "null":
		return true
	}
	for _, ref := range secretRefs {
		if strings.HasPrefix(v, ref) {
			return true
		}
	}
	return false
}

// secretRefs start values that point at a secret rather than hold it:
// variable references, file paths, and secret-manager names read by the
// app or an injector (AWS ARNs, GCP resource names, Vault and vals refs).
var secretRefs = []string{"$(", "${", "/", "arn:", "projects/", "vault:", "ref+", "sm://", "gcp:"}

// urlPassword reports a URL with a password in it (scheme://user:pass@host),
// unless the password is a $(VAR) or ${VAR} reference.
func urlPassword(v string) bool {
	for {
		i := strings.Index(v, "://")
		if i < 0 {
			return false
		}
		v = v[i+3:]
		end := strings.IndexAny(v, "/?# ")
		if end < 0 {
			end = len(v)
		}
		auth := v[:end]
		if at := strings.LastIndexByte(auth, '@'); at >= 0 {
			if _, pw, ok := strings.Cut(auth[:at], ":"); ok && pw != "" && !strings.HasPrefix(pw, "$") {
				return true
			}
		}
	}
}

// nameWords splits a name into lower-case words at separators and camelCase
// boundaries: "awsSecretAccessKey" → aws secret access key, "API_KEY" →
// api key, "openAIKey" → open ai key.
func nameWords(s string) []string {
	var out []string
	start := -1
	flush := func(end int) {
		if start >= 0 {
			out = append(out, strings.ToLower(s[start:end]))
			start = -1
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isAlnumByte(c) {
			flush(i)
			continue
		}
		if start >= 0 && isUpperByte(c) {
			prevLower := !isUpperByte(s[i-1])
			nextLower := i+1 < len(s) && s[i+1] >= 'a' && s[i+1] <= 'z'
			if prevLower || (isUpperByte(s[i-1]) && nextLower) {
				flush(i)
			}
		}
		if start < 0 {
			start = i
		}
	}
	flush(len(s))
	return out
}

func isUpperByte(c byte) bool { return c >= 'A' && c <= 'Z' }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
