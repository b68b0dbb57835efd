package report

import (
	"encoding/json"
	"io"

	"github.com/agentscale/agentscale/internal/lint"
)

// jsonReport is the JSON output; docs/lint.md documents it. Fields are only
// ever added, never renamed; "version" changes if that promise breaks.
type jsonReport struct {
	Version   int              `json:"version"`
	Findings  []jsonFinding    `json:"findings"`
	Summary   jsonSummary      `json:"summary"`
	Unread    []lint.Unread    `json:"unread,omitempty"`
	Unchecked []lint.Unchecked `json:"unchecked,omitempty"`
}

type jsonFinding struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Severity string `json:"severity"`
	Rule     string `json:"rule"`
	Message  string `json:"message"`
	Object   string `json:"object,omitempty"`
	Field    string `json:"field,omitempty"`
	Fix      string `json:"fix,omitempty"`
}

type jsonSummary struct {
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Infos    int `json:"infos"`
}

// JSON prints {"version":1,"findings":[...],"summary":{...}}, indented, with
// an empty list when all is well (a consumer always gets a document), and
// "unread":[{"file","message"}] when a path given could not be read
// ("unchecked", the same shape, when one was read but could not be checked).
func JSON(w io.Writer, fs []lint.Finding, reg *lint.Registry, opts Options) error {
	r := jsonReport{Version: 1, Findings: make([]jsonFinding, 0, len(fs)), Unread: opts.Unread, Unchecked: opts.Unchecked}
	for _, f := range fs {
		r.Findings = append(r.Findings, jsonFinding{
			File: f.Pos.File, Line: f.Pos.Line, Column: f.Pos.Col,
			Severity: f.Severity.String(), Rule: f.Rule, Message: f.Message,
			Object: f.Object, Field: f.Field, Fix: fix(reg, f.Rule),
		})
		switch f.Severity {
		case lint.Error:
			r.Summary.Errors++
		case lint.Warning:
			r.Summary.Warnings++
		case lint.Info:
			r.Summary.Infos++
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // "min must be <= max", not "\u003c="
	return enc.Encode(r)
}
