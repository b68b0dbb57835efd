package lint

// Rule is one check. Declare it once, as a package-level *Rule in its own
// file, and list it in rules.All: the registry, --list-rules, explain,
// docs/rules.md and SARIF metadata all read this value.
type Rule struct {
	// ID is stable and kebab-case (e.g. "missing-pdb"); users write it in
	// suppressions and config, so it never changes once released.
	ID string
	// Severity is the default level of the rule's findings. A Check may
	// raise or lower it per finding with Context.ReportSeverity; config
	// (lint.rules.<id>) overrides both.
	Severity Severity
	// Why is one line: what goes wrong in production when the rule fires.
	Why string
	// Fix is one line: what to change, in swarm.yaml or in the manifest.
	Fix string
	// Check inspects the objects of c and calls c.Report for each problem.
	// It must not keep c or its objects after returning. Nil for the
	// engine's own rules (parse-error, invalid-swarm, ...).
	Check func(c *Context)
	// Required rules cannot be switched off or suppressed: they report
	// input that was not linted at all.
	Required bool
}

// Where names the field a finding is about, in both forms an object can
// come from. Field is the path inside the Kubernetes object
// ("spec.template.spec.containers[0].resources"): for a manifest the
// finding points at that key's line (or the nearest present ancestor, or
// the document). Spec is the path relative to the role in swarm.yaml
// ("resources", "scaling.keda.triggers[0]"): for a rendered swarm the
// finding points at that key of the role that produced the object.
type Where struct {
	Field string
	Spec  string
}

// At builds a Where from a manifest field path and a role field path.
// Either may be empty: "" means the object itself (the document start, or
// the spec key that produced the object).
func At(field, spec string) Where { return Where{Field: field, Spec: spec} }
