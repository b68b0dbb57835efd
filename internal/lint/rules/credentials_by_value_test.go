package rules

import (
	"strings"
	"testing"

	"github.com/agentscale/agentscale/internal/lint/linttest"
)

// fake makes a high-entropy string of n characters, reproducibly: test
// credentials are built at run time, so none is committed.
func fake(seed, n int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	var b strings.Builder
	x := uint32(seed*2654435761 + 1)
	for range n {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b.WriteByte(alphabet[x%uint32(len(alphabet))])
	}
	return b.String()
}

func base32Of(seed, n int) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	var b strings.Builder
	for _, c := range fake(seed, n) {
		b.WriteByte(alphabet[int(c)%len(alphabet)])
	}
	return b.String()
}

func digitsOf(seed, n int) string {
	var b strings.Builder
	for _, c := range fake(seed, n) {
		b.WriteByte('0' + byte(c)%10)
	}
	return b.String()
}

// Credentials are recognised by their value wherever they hide: env
// values under neutral names, args, annotations, probe headers, trigger
// metadata and ConfigMap data.
func TestPlaintextCredentialsByValue(t *testing.T) {
	openai := "sk-" + "proj-" + fake(1, 74) + "T3Blbk" + "FJ" + fake(2, 74)
	github := "gh" + "p_" + fake(3, 36)
	aws := "AK" + "IA" + base32Of(4, 16)
	slack := "xo" + "xb-" + digitsOf(5, 12) + "-" + digitsOf(6, 12) + "-" + fake(7, 24)
	jwt := "eyJ" + fake(8, 30) + ".eyJ" + fake(9, 40) + "." + fake(10, 43)
	pem := "-----BEGIN EC " + "PRIVATE KEY-----\\n" + fake(11, 64) + "\\n-----END EC " + "PRIVATE KEY-----"
	manifest := `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations: {example.com/note: "` + github + `"}
spec:
  template:
    metadata:
      annotations: {example.com/upstream: "Bearer ` + jwt + `"}
    spec:
      containers:
        - name: app
          image: app:1
          env:
            - {name: MODEL_CONFIG, value: "` + openai + `"}
            - {name: REGION_ID, value: "` + aws + `"}
            - {name: NOTIFY, value: "` + slack + `"}
            - {name: TLS, value: "` + pem + `"}
          args: [--upstream-header, "` + github + `"]
          readinessProbe:
            httpGet:
              path: /healthz
              port: 8080
              httpHeaders: [{name: X-Upstream, value: "Bearer ` + fake(12, 32) + `"}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data:
  app.ini: "[upstream]\\nkey = ` + github + `\\n"
  region: eu-west-1
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: web}
spec:
  scaleTargetRef: {name: web}
  triggers:
    - type: metrics-api
      metadata: {url: "http://api/queue", valueLocation: x, note: "` + github + `"}
`
	linttest.Run(t, PlaintextCredentials, []linttest.Case{
		{Name: "manifest/well-known formats by value", Manifest: manifest, Want: []string{
			`5:17: error plaintext-credentials: annotation "example.com/note" holds a secret in plain text (it matches gitleaks rule "github-pat")`,
			`9:21: error plaintext-credentials: annotation "example.com/upstream" holds a secret in plain text (it matches gitleaks rule "jwt")`,
			`15:36: error plaintext-credentials: env MODEL_CONFIG of container "app" holds a secret in plain text (it matches gitleaks rule "openai-api-key")`,
			`16:33: error plaintext-credentials: env REGION_ID of container "app" holds a secret in plain text (it matches gitleaks rule "aws-access-token")`,
			`17:30: error plaintext-credentials: env NOTIFY of container "app" holds a secret in plain text (it matches gitleaks rule "slack-bot-token")`,
			`18:27: error plaintext-credentials: env TLS of container "app" holds a secret in plain text (it matches gitleaks rule "private-key")`,
			`19:37: error plaintext-credentials: args[1] of container "app" holds a secret in plain text (it matches gitleaks rule "github-pat")`,
			`24:48: error plaintext-credentials: header X-Upstream of the readiness probe of container "app" holds bearer credentials (an Authorization header value) in plain text`,
			`30:3: error plaintext-credentials: data key "app.ini" holds a secret in plain text (it matches gitleaks rule "github-pat")`,
			`40:61: error plaintext-credentials: metadata note of trigger 0 holds a secret in plain text (it matches gitleaks rule "github-pat")`,
		}},
	})
}
