package spec

import (
	"bytes"
	"strings"
)

// LooksLikeSwarm reports, from the text alone, whether data's first YAML
// document is a Swarm: top-level "apiVersion: agentscale.dev/v1alpha1" and
// "kind: Swarm" lines. lint asks it to skip parsing a swarm file twice
// (once as manifests to find out, once as a swarm); a file it cannot tell
// (flow style, JSON) is parsed as manifests first, as before.
func LooksLikeSwarm(data []byte) bool {
	api, kind, started := false, false, false
	for line := range bytes.Lines(data) {
		s := strings.TrimRight(string(line), " \t\r\n")
		switch {
		case s == "" || s[0] == '#' || s[0] == '%':
			continue
		case s == "---" || strings.HasPrefix(s, "--- ") || s == "...":
			if started {
				return false
			}
			continue
		}
		started = true
		if key, value, ok := strings.Cut(s, ":"); ok && key != "" && key[0] != ' ' {
			if i := strings.Index(value, " #"); i >= 0 {
				value = value[:i]
			}
			value = strings.Trim(strings.TrimSpace(value), `"'`)
			switch key {
			case "apiVersion":
				api = value == APIVersion
			case "kind":
				kind = value == Kind
			}
			if api && kind {
				return true
			}
		}
	}
	return false
}
