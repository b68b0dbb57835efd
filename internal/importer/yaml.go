package importer

import (
	"bytes"
	"encoding/json"

	"go.yaml.in/yaml/v3"

	"github.com/agentscale/agentscale/internal/spec"
)

// header starts every imported swarm file: where it came from.
const header = "# Imported by agentscale import: review the roles, then run agentscale validate.\n"

// SchemaLine points editors at the swarm.schema.json written beside the
// file (import --out-dir, as init does); on stdout it would point nowhere.
const SchemaLine = "# yaml-language-server: $schema=./swarm.schema.json\n"

// Marshal writes the swarm as swarm.yaml: block YAML in the order of the
// spec's fields (name first, as a person writes it), not sorted keys.
func Marshal(sw *spec.Swarm) ([]byte, error) {
	js, err := json.Marshal(sw)
	if err != nil {
		return nil, err
	}
	// JSON is YAML: parsed with yaml.v3 it keeps the struct's key order.
	var doc yaml.Node
	if err := yaml.Unmarshal(js, &doc); err != nil {
		return nil, err
	}
	block(&doc)
	var buf bytes.Buffer
	buf.WriteString(header)
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), enc.Close()
}

// block drops JSON's flow and quoting styles; the encoder quotes what
// would otherwise read as another type ("50", "true").
func block(n *yaml.Node) {
	n.Style = 0
	for _, c := range n.Content {
		block(c)
	}
}
