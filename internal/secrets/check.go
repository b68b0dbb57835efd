package secrets

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// Check judges value, written under name (an env var, a map key, a flag;
// "" when it has none), and says what credential it holds in plain text
// ("holds a password in plain text"), or "" when it holds none. The
// message never repeats the value: findings end up in CI logs.
func Check(name, value string) string {
	v := strings.TrimSpace(value)
	if v != "" && !isReference(v) && !URLPassword(v) {
		if id := known(v); id != "" {
			return fmt.Sprintf("holds a secret in plain text (it matches gitleaks rule %q)", id)
		}
	}
	return Obvious(name, value)
}

// Obvious is Check without gitleaks' rules: what the name and the shape of
// the value tell (a URL with a password, an Authorization value, a
// password, token or connection string by name). It costs no rule loading,
// so validate, a pre-commit hook, runs it on every trigger.
func Obvious(name, value string) string {
	v := strings.TrimSpace(value)
	if v == "" || isReference(v) {
		return ""
	}
	if URLPassword(v) {
		return "holds a URL with a password"
	}
	return obvious(name, v)
}

func obvious(name, v string) string {
	if scheme, cred, ok := authHeader(v); ok {
		if isReference(cred) {
			return "" // Bearer $(TOKEN)
		}
		if authToken(cred) {
			return "holds " + strings.ToLower(scheme) + " credentials (an Authorization header value) in plain text"
		}
	}
	return ByName(name, v)
}

// authSchemes are the Authorization schemes whose credentials are secrets.
var authSchemes = []string{"Bearer", "Basic", "Token", "ApiKey", "Digest"}

// authHeader splits an Authorization header's value, "Bearer abc", into
// its scheme (any case) and credentials: what
// ^(?i)(Bearer|Basic|Token|ApiKey|Digest)\s+(\S.*)$ matches, without
// compiling it in every lint (TestAuthHeaderLikeRegexp).
func authHeader(v string) (scheme, cred string, ok bool) {
	const space = " \t\n\f\r" // RE2's \s
	i := strings.IndexAny(v, space)
	if i <= 0 || !slices.ContainsFunc(authSchemes, func(s string) bool { return strings.EqualFold(s, v[:i]) }) {
		return "", "", false
	}
	cred = strings.TrimLeft(v[i:], space)
	if cred == "" || strings.Contains(cred, "\n") { // . stops at a newline
		return "", "", false
	}
	return v[:i], cred, true
}

// authToken reports whether cred looks like a token: 8 or more of
// [A-Za-z0-9._~+/=:-].
func authToken(cred string) bool {
	if len(cred) < 8 {
		return false
	}
	for i := 0; i < len(cred); i++ {
		c := cred[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("._~+/=:-", c) >= 0) {
			return false
		}
	}
	return true
}

// ByName judges a value by the name it is assigned to alone: DB_PASSWORD,
// openaiApiKey, --auth-token. Numbers under 8 digits are counts
// (MAX_TOKEN=4096) unless the name ends in PASSWORD; connection-string
// names need a value shaped like one (host=...; or scheme://); KEDA's
// *FromEnv keys hold the name of an env var.
func ByName(name, value string) string {
	v := strings.TrimSpace(value)
	if name == "" || notSecretValue(v) || strings.HasSuffix(name, "FromEnv") || strings.HasSuffix(name, "FromEnvFile") {
		return ""
	}
	switch kind := Kind(name); kind {
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

// Kind names what a variable, flag, parameter or header called name holds
// ("password", "token", ...), judged by its last words as people name
// them: DB_PASSWORD, openaiApiKey, --auth-token, Authorization; MAX_TOKENS
// and TOKEN_TTL are not credentials.
func Kind(name string) string {
	w := NameWords(name)
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
	case "apikey", "credentials", "creds", "authorization":
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
// switches and references.
func notSecretValue(v string) bool {
	switch strings.ToLower(v) {
	case "", "true", "false", "yes", "no", "on", "off", "enabled", "disabled", "none", "null":
		return true
	}
	return isReference(v)
}

// isReference reports a value that points at a secret rather than holds
// it: variable references, file paths, and secret-manager names read by
// the app or an injector (AWS ARNs, GCP resource names, Vault and vals
// references).
func isReference(v string) bool {
	for _, ref := range secretRefs {
		if strings.HasPrefix(v, ref) {
			return true
		}
	}
	return false
}

var secretRefs = []string{"$(", "${", "/", "arn:", "projects/", "vault:", "ref+", "sm://", "gcp:"}

// URLPassword reports a URL with a password in it (scheme://user:pass@host),
// unless the password is a $(VAR) or ${VAR} reference.
func URLPassword(v string) bool {
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

// NameWords splits a name into lower-case words at separators and camelCase
// boundaries: "awsSecretAccessKey" → aws secret access key, "API_KEY" →
// api key, "openAIKey" → open ai key.
func NameWords(s string) []string {
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
		if !isAlnum(c) {
			flush(i)
			continue
		}
		if start >= 0 && isUpper(c) {
			prevLower := !isUpper(s[i-1])
			nextLower := i+1 < len(s) && s[i+1] >= 'a' && s[i+1] <= 'z'
			if prevLower || (isUpper(s[i-1]) && nextLower) {
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

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// message is every phrase Check returns: fixed words, a gitleaks rule id or
// an Authorization scheme, never the value.
var message = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^holds (a URL with a password|a (password|token|secret|credential|key|connection string) in plain text|a secret in plain text \(it matches gitleaks rule "[a-z0-9-]+"\)|(bearer|basic|token|apikey|digest) credentials \(an Authorization header value\) in plain text)$`)
})

// IsMessage reports whether msg is one of Check's phrases (for tests that
// prove no value leaks into a finding).
func IsMessage(msg string) bool { return message().MatchString(msg) }
