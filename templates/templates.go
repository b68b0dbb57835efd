package templates

import (
	"embed"
	"fmt"
	"github.com/agentscale/agentscale/internal/suggest"
	"sort"
	"strings"
)

//go:embed *.yaml
var files embed.FS

// Default is the template init writes when none is named.
const Default = "minimal"

// Template is one starter swarm file.
type Template struct {
	Name        string `json:"name"`        // e.g. "queue-worker"
	Description string `json:"description"` // the file's first comment line
}

// List returns every template, sorted by name.
func List() []Template {
	entries, _ := files.ReadDir(".")
	out := make([]Template, 0, len(entries))
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".yaml")
		data, _ := files.ReadFile(e.Name())
		out = append(out, Template{Name: name, Description: describe(data)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Get returns the contents of the named template.
func Get(name string) ([]byte, error) {
	data, err := files.ReadFile(name + ".yaml")
	if err != nil || strings.ContainsAny(name, "/.") {
		names := make([]string, 0, 4)
		for _, t := range List() {
			names = append(names, t.Name)
		}
		return nil, fmt.Errorf("unknown template %q%s", name, suggest.Defined(name, names))
	}
	return data, nil
}

// describe returns the first comment line that is not a modeline.
func describe(data []byte) string {
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(line, "#") {
			break
		}
		text := strings.TrimSpace(strings.TrimPrefix(line, "#"))
		if text != "" && !strings.HasPrefix(text, "yaml-language-server:") {
			return text
		}
	}
	return ""
}
