package report

import (
	"encoding/json"
	"io"
	"path/filepath"
	"strings"

	"github.com/agentscale/agentscale/internal/lint"
)

// SARIF 2.1.0, the subset GitHub code scanning reads.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool         `json:"tool"`
	Invocations []sarifInvocation `json:"invocations,omitempty"`
	Results     []sarifResult     `json:"results"`
}

// sarifInvocation says the run did not finish: the paths it could not read,
// as tool execution notifications (SARIF 2.1.0 §3.20).
type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string       `json:"id"`
	ShortDescription     sarifText    `json:"shortDescription"`
	FullDescription      sarifText    `json:"fullDescription"`
	Help                 sarifText    `json:"help"`
	HelpURI              string       `json:"helpUri"`
	DefaultConfiguration sarifDefault `json:"defaultConfiguration"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifDefault struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	RuleIndex int             `json:"ruleIndex"`
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

const (
	sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"
	projectURI  = "https://github.com/agentscale/agentscale"
	rulesDocURI = projectURI + "/blob/main/docs/rules.md#"
)

// SARIF prints a SARIF 2.1.0 log: every registered rule with its metadata,
// and one result per finding with its file, line and column. A path that
// could not be read or checked makes the invocation unsuccessful, with a
// notification saying so as stderr does.
func SARIF(w io.Writer, fs []lint.Finding, reg *lint.Registry, opts Options) error {
	driver := sarifDriver{Name: "agentscale", InformationURI: projectURI}
	if opts.Version != nil {
		driver.Version = opts.Version()
	}
	index := map[string]int{}
	for i, r := range reg.Rules() {
		index[r.ID] = i
		driver.Rules = append(driver.Rules, sarifRule{
			ID:                   r.ID,
			ShortDescription:     sarifText{r.Why},
			FullDescription:      sarifText{r.Why + " Fix: " + r.Fix},
			Help:                 sarifText{r.Fix},
			HelpURI:              rulesDocURI + r.ID,
			DefaultConfiguration: sarifDefault{sarifLevel(r.Severity)},
		})
	}
	results := make([]sarifResult, 0, len(fs))
	for _, f := range fs {
		loc := sarifPhysical{ArtifactLocation: sarifArtifact{URI: sarifURI(f.Pos.File)}}
		if f.Pos.Line > 0 {
			loc.Region = &sarifRegion{StartLine: f.Pos.Line, StartColumn: f.Pos.Col}
		}
		results = append(results, sarifResult{
			RuleID: f.Rule, RuleIndex: index[f.Rule], Level: sarifLevel(f.Severity),
			Message: sarifText{f.Message}, Locations: []sarifLocation{{loc}},
		})
	}
	run := sarifRun{Tool: sarifTool{driver}, Results: results}
	if missed := opts.incomplete(); len(missed) > 0 {
		inv := sarifInvocation{}
		for _, n := range missed {
			inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
				Level: "error", Message: sarifText{n.text},
				Locations: []sarifLocation{{sarifPhysical{ArtifactLocation: sarifArtifact{URI: sarifURI(n.file)}}}},
			})
		}
		run.Invocations = []sarifInvocation{inv}
	}
	log := sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(log)
}

func sarifLevel(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "error"
	case lint.Warning:
		return "warning"
	}
	return "note"
}

// sarifURI writes a path as a relative URI reference with forward slashes,
// which code scanning resolves against the repository root.
func sarifURI(p string) string {
	p = filepath.ToSlash(filepath.Clean(p))
	return strings.TrimPrefix(p, "./")
}
