package outdir

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/agentscale/agentscale/internal/input"
)

// RecordFile lists every file agentscale wrote to DIR with the SHA-256 of
// its content, in sha256sum's format ("<hex>  <name>"), so that
// `sha256sum -c .agentscale.sha256` checks it by hand. A later run
// replaces DIR only when every file in it is listed here with that very
// content: a file a person added, or changed, is never deleted.
const RecordFile = ".agentscale.sha256"

// recordKind bounds what is read back as a record, and each file checked
// against it.
var (
	recordKind = input.Kind{Name: "an --out-dir record", Limit: 1 << 20}
	outputKind = input.Kind{Name: "a file agentscale wrote", Limit: input.Manifest.Limit}
)

func sum(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}

// record lists files by name with their hashes.
func record(files []File) []byte {
	lines := make([]string, 0, len(files))
	for _, f := range files {
		lines = append(lines, sum(f.Data)+"  "+f.Name+"\n")
	}
	sort.Slice(lines, func(i, j int) bool { return lines[i][66:] < lines[j][66:] })
	return []byte(strings.Join(lines, ""))
}

// outputName is a name render gives a file: <kind>-<name>.yaml (see
// fileName) or the kustomization. A record listing anything else (made by
// hand: sha256sum * > .agentscale.sha256) is not one agentscale wrote.
var outputName = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^([a-z0-9_][a-z0-9._]*-[A-Za-z0-9._-]+\.yaml|` + regexp.QuoteMeta(KustomizationFile) + `)$`)
})

// parseRecord reads a record back: file name → hash. ok is false for
// anything that is not one.
func parseRecord(data []byte) (map[string]string, bool) {
	out := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		hash, name, found := strings.Cut(sc.Text(), "  ")
		if !found || len(hash) != 64 || !outputName().MatchString(name) {
			return nil, false
		}
		if _, err := hex.DecodeString(hash); err != nil {
			return nil, false
		}
		out[name] = hash
	}
	return out, sc.Err() == nil && len(out) > 0
}

// describe lists up to three names and how many more there are.
func describe(names []string) string {
	sort.Strings(names)
	if len(names) > 3 {
		return fmt.Sprintf("%s and %d more", strings.Join(names[:3], ", "), len(names)-3)
	}
	return strings.Join(names, ", ")
}
