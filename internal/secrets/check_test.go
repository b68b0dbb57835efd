package secrets

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// token makes a reproducible random string of n characters from alphabet.
// Test credentials are built at run time, so no realistic-looking secret
// is committed (and no scanner flags this repository).
func token(seed uint64, n int, alphabet string) string {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var b strings.Builder
	for range n {
		b.WriteByte(alphabet[r.IntN(len(alphabet))])
	}
	return b.String()
}

const (
	base62 = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	upper  = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	digits = "0123456789"
	b64    = base62 + "+/"
)

func TestCheckByValue(t *testing.T) {
	jwt := "eyJ" + token(1, 30, base62) + ".eyJ" + token(2, 40, base62) + "." + token(3, 43, base62)
	pem := "-----BEGIN RSA " + "PRIVATE KEY-----\n" + token(4, 64, b64) + "\n" + token(5, 64, b64) + "\n-----END RSA " + "PRIVATE KEY-----\n"
	tests := []struct {
		name, key, value, want string
	}{
		{"OpenAI project key", "MODEL", "sk-" + "proj-" + token(6, 74, base62) + "T3Blbk" + "FJ" + token(7, 74, base62), `holds a secret in plain text (it matches gitleaks rule "openai-api-key")`},
		{"Anthropic key", "X", "sk-" + "ant-api03-" + token(8, 93, base62) + "AA", `holds a secret in plain text (it matches gitleaks rule "anthropic-api-key")`},
		{"GitHub token", "X", "gh" + "p_" + token(9, 36, base62), `holds a secret in plain text (it matches gitleaks rule "github-pat")`},
		{"GitHub fine-grained token", "X", "github" + "_pat_" + token(10, 82, base62), `holds a secret in plain text (it matches gitleaks rule "github-fine-grained-pat")`},
		{"AWS access key", "X", "AK" + "IA" + token(11, 16, upper), `holds a secret in plain text (it matches gitleaks rule "aws-access-token")`},
		{"PEM private key", "X", pem, `holds a secret in plain text (it matches gitleaks rule "private-key")`},
		{"Slack bot token", "X", "xo" + "xb-" + token(12, 12, digits) + "-" + token(13, 12, digits) + "-" + token(14, 24, base62), `holds a secret in plain text (it matches gitleaks rule "slack-bot-token")`},
		{"Bearer JWT", "X", "Bearer " + jwt, `holds a secret in plain text (it matches gitleaks rule "jwt")`},
		{"Bearer opaque token", "X", "Bearer " + token(15, 32, base62), "holds bearer credentials (an Authorization header value) in plain text"},
		{"Basic credentials", "Authorization", "Basic " + token(16, 24, b64), "holds basic credentials (an Authorization header value) in plain text"},
		{"Google API key", "X", "AI" + "za" + token(17, 35, base62), `holds a secret in plain text (it matches gitleaks rule "gcp-api-key")`},
		{"URL with a password", "X", "amqp://user:" + token(18, 12, base62) + "@rabbit:5672", "holds a URL with a password"},
		{"a password by name", "DB_PASSWORD", "hunter2", "holds a password in plain text"},
		{"a header by name", "Authorization", "let-me-in", "holds a credential in plain text"},
		// Not credentials.
		{"AWS's documented example key", "X", "AKIAIOSFODNN7" + "EXAMPLE", ""},
		{"a UUID", "X", "0f8fad5b-d9cb-469f-a165-70867728950e", ""},
		{"a digest", "IMAGE", "sha256:" + token(19, 64, "0123456789abcdef"), ""},
		{"a short sk- value", "X", "sk-abc123", ""},
		{"a sentence", "X", "the quick brown fox jumps over the lazy dog", ""},
		{"a reference", "API_TOKEN", "$(API_TOKEN)", ""},
		{"a URL without a password", "X", "https://api.example.com/v1?x=1", ""},
		{"a Bearer reference", "Authorization", "Bearer $(TOKEN)", ""},
		{"a count", "MAX_TOKENS", "4096", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Check(tt.key, tt.value)
			if got != tt.want {
				t.Errorf("Check(%q, …) = %q, want %q", tt.key, got, tt.want)
			}
			if got != "" && !IsMessage(got) {
				t.Errorf("%q is not one of the fixed messages", got)
			}
			if got != "" && strings.Contains(got, tt.value) {
				t.Errorf("the message quotes the value")
			}
		})
	}
}

// Every gitleaks rule in use compiles (RE2), so none can fail at run time.
func TestRulesCompile(t *testing.T) {
	rs := rules()
	if len(rs.rules) < 150 {
		t.Fatalf("%d rules loaded from gitleaks' configuration, want its ~220", len(rs.rules))
	}
	for _, r := range rs.rules {
		r.compile()
	}
}

func TestNameWords(t *testing.T) {
	for in, want := range map[string][]string{
		"awsSecretAccessKey": {"aws", "secret", "access", "key"},
		"API_KEY":            {"api", "key"},
		"openAIKey":          {"open", "ai", "key"},
		"--auth-token":       {"auth", "token"},
		"S3Key":              {"s3", "key"},
		"passwordFromEnv":    {"password", "from", "env"},
	} {
		if got := NameWords(in); !slices.Equal(got, want) {
			t.Errorf("NameWords(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzCheck: any name and value; the verdict is one of the fixed phrases,
// never the value, and names split into lower-case words.
func FuzzCheck(f *testing.F) {
	for _, s := range [][2]string{{"DB_PASSWORD", "x"}, {"Authorization", "Bearer abcdefghij"}, {"connection", "host=a;pw=b"},
		{"passwordFromEnv", "X"}, {"URL", "amqp://u:p@h"}, {"", "://@:"}, {"X", "ghp_" + token(1, 36, base62)}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, name, value string) {
		if msg := Check(name, value); msg != "" && !IsMessage(msg) {
			t.Errorf("Check(%q, %q) = %q: not a fixed message", name, value, msg)
		}
		for _, w := range NameWords(name) {
			if w == "" || strings.ToLower(w) != w {
				t.Errorf("NameWords(%q) has word %q", name, w)
			}
		}
	})
}

func BenchmarkLoadRules(b *testing.B) {
	for b.Loop() {
		load(defaultRules)
	}
}

// The keyword index finds every occurrence, overlapping ones too, in
// order of offset; one-byte keywords and a text's last byte included.
func TestKeywordIndex(t *testing.T) {
	ix := newKeywordIndex([]string{"sk-", "sk-ant", "ghp_", "x", "p_", ""})
	var got []string
	ix.each("sk-ant ghp_x", func(pos int, w string) { got = append(got, strconv.Itoa(pos)+":"+w) })
	want := []string{"0:sk-", "0:sk-ant", "7:ghp_", "9:p_", "11:x"}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// TestAuthHeaderLikeRegexp holds authHeader and authToken to the regular
// expressions they replace, on every combination of a set of pieces.
func TestAuthHeaderLikeRegexp(t *testing.T) {
	heads := []string{"", "Bearer", "bearer", "BASIC", "Token", "apikey", "Digest", "Bearerx", "Bear", "ſecret", "Kelvin", "Beare\u212a", "x Bearer",
		"Baſic", "Api\u212aey", "Toke\u212a"} // Unicode folding: ſ is s, the Kelvin sign k, for EqualFold and (?i) alike
	gaps := []string{"", " ", "  ", "\t", "\n", " \r\n ", "\v", "\u00a0", "\f"}
	creds := []string{"", "abc", "abcdefgh", "abc.defg_h~+/=:-", "abcdefg!", "abc defgh", "abcdefgh\n", "abcdefgh\nx", "$(TOKEN)", "x\u00e9yyyyyyyy", "\xff\xfeabcdefgh", "12345678 "}
	n := 0
	for _, h := range heads {
		for _, g := range gaps {
			for _, c := range creds {
				v := h + g + c
				n++
				sameAsRegexps(t, v)
			}
		}
	}
	if n < 1000 {
		t.Fatalf("only %d cases", n)
	}
}

// FuzzAuthHeader: authHeader and authToken agree with the regular
// expressions they replace on any value.
func FuzzAuthHeader(f *testing.F) {
	for _, s := range []string{"Bearer abcdefgh", "basic \n xyz", "ApiKey\t$(K)", "Digest ", "Token abc\ndef", "\u212aey x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		sameAsRegexps(t, v)
	})
}

// The regular expressions authHeader and authToken replace.
var (
	authSchemeRE = regexp.MustCompile(`^(?i)(Bearer|Basic|Token|ApiKey|Digest)\s+(\S.*)$`)
	authTokenRE  = regexp.MustCompile(`^[A-Za-z0-9._~+/=:-]{8,}$`)
)

func sameAsRegexps(t *testing.T, v string) {
	t.Helper()
	m := authSchemeRE.FindStringSubmatch(v)
	s, cred, ok := authHeader(v)
	if ok != (m != nil) || ok && (s != m[1] || cred != m[2]) {
		t.Errorf("authHeader(%q) = %q, %q, %v; the regexp: %q", v, s, cred, ok, m)
	}
	if got, want := authToken(v), authTokenRE.MatchString(v); got != want {
		t.Errorf("authToken(%q) = %v, the regexp %v", v, got, want)
	}
}
