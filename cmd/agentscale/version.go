package main

import (
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// Set at build time (goreleaser, make build):
// -ldflags "-X main.version=v1.2.3 -X main.commit=abc1234 -X main.date=2026-12-03T08:00:00Z".
// Unset, they come from what the go command records in the binary: the
// module version of `go install …@v1.2.3`, and the VCS revision and commit
// time of a build in a git checkout.
var version, commit, date = "", "", ""

// buildInfo is what `version` prints; -o json writes these keys.
type buildInfo struct {
	Version  string `json:"version"`
	Commit   string `json:"commit,omitempty"`
	Date     string `json:"date,omitempty"`
	Modified bool   `json:"modified,omitempty"` // built from a work tree with uncommitted changes
	Go       string `json:"go"`
	Platform string `json:"platform"`
}

func currentBuild() buildInfo {
	b := buildInfo{Version: version, Commit: commit, Date: date, Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	bi, ok := debug.ReadBuildInfo()
	if b.Version == "" && ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		b.Version = bi.Main.Version // go install …@v1.2.3
	}
	if b.Version == "" {
		b.Version = "dev"
	}
	if !ok {
		return b
	}
	for _, s := range bi.Settings {
		switch {
		case s.Key == "vcs.revision" && b.Commit == "":
			b.Commit = s.Value
		case s.Key == "vcs.time" && b.Date == "":
			b.Date = s.Value
		case s.Key == "vcs.modified" && commit == "":
			b.Modified = s.Value == "true"
		}
	}
	return b
}

// String is the one-line form: agentscale v1.2.3 (commit abc1234, built
// 2026-12-03T08:00:00Z, go1.26.8, linux/amd64).
func (b buildInfo) String() string {
	s := "agentscale " + b.Version + " ("
	if b.Commit != "" {
		c := b.Commit
		if len(c) > 12 {
			c = c[:12]
		}
		if b.Modified {
			c += "+dirty"
		}
		s += "commit " + c + ", "
	}
	if b.Date != "" {
		s += "built " + b.Date + ", "
	}
	return s + b.Go + ", " + b.Platform + ")"
}

func (b buildInfo) write(w io.Writer, format string) error {
	if format == "json" {
		return writeJSON(w, b)
	}
	_, err := fmt.Fprintln(w, b.String())
	return err
}

func newVersionCmd(s streams) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:     "version",
		Short:   "Print the agentscale version, commit and build date",
		Example: "  agentscale version\n  agentscale --version\n  agentscale version -o json",
		RunE: func(*cobra.Command, []string) error {
			return currentBuild().write(s.out, format)
		},
	}
	takes(cmd, operands{})
	enumVar(cmd, &format, "output", "o", "text", []string{"text", "json"}, "output format: text, json")
	return cmd
}

// buildLine is --version's line, built only when --version is given.
func init() { cobra.AddTemplateFunc("buildLine", func() string { return currentBuild().String() }) }

// buildVersion is the version alone, for SARIF's tool.driver.version
// (report asks for it only when it writes SARIF).
func buildVersion() string { return currentBuild().Version }

// writeJSON writes v as indented JSON, the -o json of the small commands.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
