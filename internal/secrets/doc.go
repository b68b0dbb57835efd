// Package secrets decides whether a value written into a manifest or a
// swarm file is a credential in plain text. It is the one home of that
// decision: lint's plaintext-credentials rule and validate's check of
// KEDA trigger metadata both ask it.
//
// A value is a credential when
//   - it has the shape of a well-known credential format, by gitleaks' own
//     rules (github.com/zricethezav/gitleaks/v8, its config/gitleaks.toml
//     read as data at the pinned version): OpenAI, Anthropic, GitHub,
//     GitLab, AWS, Slack, Stripe, Google and some 200 more formats, PEM
//     private keys and JWTs, each with gitleaks' keywords, secret group,
//     entropy threshold and allowlists;
//   - it is a URL with a password (amqp://user:pw@host);
//   - it is an Authorization-style value (Bearer/Basic followed by a token);
//   - or its name says so: the last words of the env var, key or flag it is
//     assigned to are password, token, secret, api key, ... (DB_PASSWORD,
//     openaiApiKey; not MAX_TOKENS or SECRET_NAME), unless the value is a
//     reference ($(VAR), a file path, a secret manager's name).
//
// The rules (gitleaks' default configuration, as Go data in rules_gen.go)
// are indexed and compiled lazily, on the first value that
// contains one of their keywords, so commands that never look at values
// pay nothing at start-up.
package secrets

//go:generate go run ../../hack/gitleaksgen -o rules_gen.go
