package lint

import "fmt"

// Severity ranks a finding. The zero value is Off: a rule switched off.
type Severity int

const (
	Off Severity = iota
	Info
	Warning
	Error
)

var severityNames = [...]string{Off: "off", Info: "info", Warning: "warning", Error: "error"}

func (s Severity) String() string {
	if s < Off || s > Error {
		return fmt.Sprintf("severity(%d)", int(s))
	}
	return severityNames[s]
}

// ParseSeverity reads "error", "warning", "info" or "off".
func ParseSeverity(s string) (Severity, error) {
	for i, n := range severityNames {
		if n == s {
			return Severity(i), nil
		}
	}
	return Off, fmt.Errorf("unknown level %q (want error, warning, info or off)", s)
}

// MarshalText writes the severity's name (used by the JSON report).
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// FailLevel is the lowest severity that makes lint exit 1; Off never fails.
type FailLevel = Severity

// ParseFailLevel reads a --fail-on value: error, warning, info or never.
func ParseFailLevel(s string) (FailLevel, error) {
	if s == "never" {
		return Off, nil
	}
	sev, err := ParseSeverity(s)
	if err != nil || sev == Off {
		return Off, fmt.Errorf("unknown fail level %q (want error, warning, info or never)", s)
	}
	return sev, nil
}
