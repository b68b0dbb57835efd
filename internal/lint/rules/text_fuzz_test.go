package rules

import (
	"strings"
	"testing"

	"github.com/agentscale/agentscale/internal/secrets"
)

// FuzzFindIP: any env value, argument or metadata value; a reported IPv4
// address is in the text as written and never one of the fixed addresses.
func FuzzFindIP(f *testing.F) {
	for _, s := range []string{"10.0.0.1", "http://[fd00::1]:80/x", "10.0.0.0/8", "v1.2.3.4", "::ffff:10.0.0.1",
		"1.2.3.4.5", "[", "]:[::]", "999.1.1.1", "a=10.1.2.3;b=::1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ip, ok := findIP(s)
		if !ok {
			return
		}
		if !routable(ip) {
			t.Errorf("findIP(%q) = %s, a fixed address", s, ip)
		}
		if ip.Is4() && !strings.Contains(s, ip.String()) {
			t.Errorf("findIP(%q) = %s, not in the text", s, ip)
		}
	})
}

// FuzzCredential: any name and value, as env, argument or metadata; the
// finding is a fixed phrase (it never quotes the value; see
// secrets.FuzzCheck for the phrases).
func FuzzCredential(f *testing.F) {
	for _, s := range [][2]string{{"DB_PASSWORD", "x"}, {"--auth-token", "abc"}, {"connection", "host=a;pw=b"},
		{"passwordFromEnv", "X"}, {"URL", "amqp://u:p@h"}, {"", "://@:"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, name, value string) {
		for _, kind := range []textKind{envText, argsText, triggerText, annotationText, headerText, dataText} {
			prev := &text{kind: kind, value: name}
			cur := &text{kind: kind, key: name, value: value}
			if kind == argsText {
				cur.key = ""
			}
			if msg := credential(cur, prev); msg != "" && !secrets.IsMessage(msg) {
				t.Errorf("credential(%q, %q) = %q: not a fixed message, may quote the value", name, value, msg)
			}
		}
	})
}

// FuzzImageTag: any image reference; a tag never holds a path or digest.
func FuzzImageTag(f *testing.F) {
	for _, s := range []string{"app", "app:1", "r:5000/app", "r:5000/app:latest", "a@sha256:00", ":", "/:"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, image string) {
		tag, pinned := imageTag(image)
		if strings.ContainsAny(tag, "/@") || pinned && tag != "" {
			t.Errorf("imageTag(%q) = %q, %v", image, tag, pinned)
		}
	})
}

// FuzzSplitImage: any image reference; name and suffix put it back together.
func FuzzSplitImage(f *testing.F) {
	for _, s := range []string{"app", "r:5000/app:1@sha256:00", "a@b:c", ":"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, image string) {
		if name, ref := splitImage(image); name+ref != image {
			t.Errorf("splitImage(%q) = %q, %q", image, name, ref)
		}
	})
}
