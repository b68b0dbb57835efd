package e2e

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// The linters the render docs promise a clean bill from.
var linters = &onFirstUse{tools: []tool{kubeLinterTool, kubeScoreTool}}

// requireLinters returns the kube-linter and kube-score binaries, building
// them if needed; it fails (never skips) the test when they cannot be built.
func requireLinters(t *testing.T) (kubeLinter, kubeScore string) {
	t.Helper()
	dirs := linters.require(t)
	return filepath.Join(dirs["kube-linter"], "kube-linter"), filepath.Join(dirs["kube-score"], "kube-score")
}

// kubeLinterFindings runs kube-linter's default checks on file and returns
// each finding as "Kind namespace/name: check: message", sorted. It runs in
// dir, which must hold no .kube-linter.yaml, so that only the defaults apply.
func kubeLinterFindings(dir, bin, file string) ([]string, error) {
	r := run(nil, nil, dir, bin, "lint", "--fail-if-no-objects-found", "--format", "json", file)
	var rep struct {
		Checks  []struct{ Name string }
		Reports []struct {
			Diagnostic struct{ Message string }
			Check      string
			Object     struct {
				K8sObject struct {
					Namespace, Name  string
					GroupVersionKind struct{ Kind string }
				}
			}
		}
		Summary struct{ ChecksStatus string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		return nil, fmt.Errorf("kube-linter did not print its JSON report: %v\n%s", err, r)
	}
	// Without checks, or failing without a finding (e.g. no object parsed),
	// an empty report would prove nothing.
	if len(rep.Checks) == 0 {
		return nil, fmt.Errorf("kube-linter ran no checks:\n%s", r)
	}
	if r.err != nil && len(rep.Reports) == 0 {
		return nil, fmt.Errorf("kube-linter failed without a finding:\n%s", r)
	}
	var out []string
	for _, f := range rep.Reports {
		o := f.Object.K8sObject
		out = append(out, fmt.Sprintf("%s %s/%s: %s: %s", o.GroupVersionKind.Kind, o.Namespace, o.Name, f.Check, f.Diagnostic.Message))
	}
	sort.Strings(out)
	return out, nil
}

// scoreCritical is one CRITICAL kube-score check result on one object.
type scoreCritical struct {
	object    string // Kind namespace/name
	role      string // the object's agentscale.dev/role annotation
	checkName string // e.g. "Container Resources"
	checkID   string // e.g. "container-resources"
	comments  []scoreComment
}

// scoreComment is one reason kube-score gives; path names the container.
type scoreComment struct{ path, summary string }

func (c scoreCritical) String() string {
	var cs []string
	for _, cm := range c.comments {
		if cm.path != "" {
			cs = append(cs, "("+cm.path+") "+cm.summary)
		} else {
			cs = append(cs, cm.summary)
		}
	}
	return fmt.Sprintf("%s: %s (%s): %s", c.object, c.checkName, c.checkID, strings.Join(cs, "; "))
}

// kubeScoreCriticals runs kube-score with its default checks and returns
// the CRITICAL results and the number of objects scored. The JSON output is
// parsed, not the ci format, because only JSON names the check. Annotations
// that switch checks off are disregarded, so the output cannot silence it.
func kubeScoreCriticals(dir, bin, file string) ([]scoreCritical, int, error) {
	r := run(nil, nil, dir, bin, "score", "--output-format", "json", "--disable-ignore-checks-annotations", file)
	var objs []struct {
		TypeMeta   struct{ Kind string } `json:"type_meta"`
		ObjectMeta struct {
			Name, Namespace string
			Annotations     map[string]string
		} `json:"object_meta"`
		Checks []struct {
			Check    struct{ Name, ID string } `json:"check"`
			Grade    int                       `json:"grade"`
			Skipped  bool                      `json:"skipped"`
			Comments []struct {
				Path, Summary string
			} `json:"comments"`
		} `json:"checks"`
	}
	// kube-score exits 1 when it finds a CRITICAL; its report says which.
	if err := json.Unmarshal([]byte(r.stdout), &objs); err != nil {
		return nil, 0, fmt.Errorf("kube-score did not print its JSON report: %v\n%s", err, r)
	}
	const gradeCritical = 1 // scorecard.GradeCritical
	var out []scoreCritical
	for _, o := range objs {
		for _, c := range o.Checks {
			if c.Skipped || c.Grade != gradeCritical {
				continue
			}
			sc := scoreCritical{
				object:    fmt.Sprintf("%s %s/%s", o.TypeMeta.Kind, o.ObjectMeta.Namespace, o.ObjectMeta.Name),
				role:      o.ObjectMeta.Annotations["agentscale.dev/role"],
				checkName: c.Check.Name, checkID: c.Check.ID,
			}
			for _, cm := range c.Comments {
				sc.comments = append(sc.comments, scoreComment{cm.Path, cm.Summary})
			}
			out = append(out, sc)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out, len(objs), nil
}

// acceptedCriticals are the kube-score CRITICALs that docs/render.md
// ("Checks on the output") accepts by design, by exact check name and ID.
// summaries, when set, are the only comments the check may carry: the
// Container Resources check also covers memory limits and all requests,
// which are not accepted.
var acceptedCriticals = []struct {
	name, id  string
	summaries []string
}{
	{"Container Resources", "container-resources", []string{"CPU limit is not set"}},
	{"Container Image Pull Policy", "container-image-pull-policy", []string{"ImagePullPolicy is not set to Always"}},
	{"Pod NetworkPolicy", "pod-networkpolicy", nil},
	// No default ephemeral storage: the Cluster Autoscaler's template node
	// for an empty group may have none, so the pool never scales from zero.
	{"Container Ephemeral Storage Request and Limit", "container-ephemeral-storage-request-and-limit",
		[]string{"Ephemeral Storage limit is not set", "Ephemeral Storage request is not set"}},
}

// pdbChecks fire on a workload without a PodDisruptionBudget, which is what
// a role with `disruption: false` asks for.
var pdbChecks = []struct{ name, id string }{
	{"Deployment has PodDisruptionBudget", "deployment-has-poddisruptionbudget"},
	{"StatefulSet has PodDisruptionBudget", "statefulset-has-poddisruptionbudget"},
}

// acceptedCritical says whether c is accepted; noPDB holds the roles whose
// swarm file says `disruption: false`.
func acceptedCritical(c scoreCritical, noPDB map[string]bool) bool {
	for _, a := range acceptedCriticals {
		if c.checkName != a.name || c.checkID != a.id {
			continue
		}
		if a.summaries == nil {
			return true
		}
		return len(c.comments) > 0 && !slices.ContainsFunc(c.comments, func(cm scoreComment) bool {
			return !slices.Contains(a.summaries, cm.summary)
		})
	}
	for _, p := range pdbChecks {
		if c.checkName == p.name && c.checkID == p.id {
			return c.role != "" && noPDB[c.role]
		}
	}
	return false
}
