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

// Names YAML would read as something else are quoted: `init dir/null`.
func TestRenameQuotes(t *testing.T) {
	data, _ := Get("minimal")
	for name, want := range map[string]string{"null": `"null"`, "true": `"true"`, "no": "no", "a1": "a1", "inf": "inf", "y": "y"} {
		if got := string(Rename(data, name)); !strings.Contains(got, "\n  name: "+want+"\n") {
			t.Errorf("Rename(%q) wrote %q, want name: %s", name, got[:min(len(got), 400)], want)
		}
	}
}
