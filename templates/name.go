package templates

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/agentscale/agentscale/internal/yamlpos"
)

// placeholder is the swarm name every template uses.
const placeholder = "my-swarm"

var dnsLabel = regexp.MustCompile(`^[a-z]([-a-z0-9]*[a-z0-9])?$`)

// NameFor suggests a swarm name for a directory, the way `go mod init` and
// `cargo init` do: its base name, lower-cased, when that is a DNS label of
// at most 30 characters (role names need the rest of the 63), else "".
func NameFor(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	name := strings.ToLower(strings.ReplaceAll(filepath.Base(abs), "_", "-"))
	if len(name) > 30 || !dnsLabel.MatchString(name) {
		return ""
	}
	return name
}

// Rename returns the template with its metadata.name set to name.
func Rename(swarm []byte, name string) []byte {
	if name == "" {
		return swarm
	}
	return bytes.Replace(swarm, []byte("\n  name: "+placeholder+"\n"), []byte("\n  name: "+yamlString(name)+"\n"), 1)
}

// yamlString writes name so that YAML reads it back as a string: "null",
// "true" or "no" unquoted would not be one.
func yamlString(name string) string {
	v, errs := yamlpos.ParseOne(yamlpos.Origin{}, []byte(name), yamlpos.Default)
	if s, ok := yamlpos.Plain(v).(string); ok && len(errs) == 0 && s == name {
		return name
	}
	return strconv.Quote(name)
}
