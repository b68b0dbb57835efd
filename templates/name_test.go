package templates

import (
	"strings"
	"testing"
)

func TestNameFor(t *testing.T) {
	cases := map[string]string{
		"/work/market_research":           "market-research",
		"agents/":                         "agents",
		"/tmp/Support":                    "support",
		"/tmp/9lives":                     "",
		"/tmp/has.dot":                    "",
		"/tmp/" + strings.Repeat("a", 31): "",
		"/":                               "",
	}
	for dir, want := range cases {
		if got := NameFor(dir); got != want {
			t.Errorf("NameFor(%q) = %q, want %q", dir, got, want)
		}
	}
}

func TestRename(t *testing.T) {
	for _, tmpl := range List() {
		data, _ := Get(tmpl.Name)
		got := string(Rename(data, "support"))
		if !strings.Contains(got, "\n  name: support\n") || strings.Contains(got, placeholder) {
			t.Errorf("%s: metadata.name not replaced", tmpl.Name)
		}
		if string(Rename(data, "")) != string(data) {
			t.Errorf("%s: empty name changed the template", tmpl.Name)
		}
	}
}
